package org.rftworkbench.core.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.data.DecodedImage;
import org.rftworkbench.core.data.IdxImageSource;

/**
 * Fashion-MNIST (Zalando, MIT licence) as shipped by Debian's {@code dataset-fashion-mnist} package: gzipped IDX files
 * {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz}, {@code t10k-images-idx3-ubyte.gz},
 * {@code t10k-labels-idx1-ubyte.gz} in one folder.
 */
public final class FashionMnist {
    /** Where the Debian package installs the files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** Class names in label order (the dataset's own spelling). */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {
    }

    /** The training split (60,000 images in the real dataset). */
    public static LabelledImages train(Path dir) throws RftException {
        return read(dir, "train");
    }

    /** The test split (10,000 images in the real dataset). */
    public static LabelledImages test(Path dir) throws RftException {
        return read(dir, "t10k");
    }

    private static LabelledImages read(Path dir, String prefix) throws RftException {
        Path images = dir.resolve(prefix + "-images-idx3-ubyte.gz");
        Path labels = dir.resolve(prefix + "-labels-idx1-ubyte.gz");
        if (!Files.isRegularFile(images)) {
            throw new RftException(RftException.at(images, "Fashion-MNIST file not found (install Debian's "
                    + "dataset-fashion-mnist or pass --fashion-mnist DIR)"));
        }
        IdxImageSource source = IdxImageSource.open(prefix, images, labels, CLASSES);
        int size = source.rows();
        if (source.cols() != size) {
            throw new RftException(RftException.at(images, "images are " + source.rows() + "x" + source.cols()
                    + ", expected square"));
        }
        int n = source.size();
        byte[] pixels = new byte[n * size * size];
        int[] labelArray = new int[n];
        for (int i = 0; i < n; i++) {
            DecodedImage image = source.read(i);
            System.arraycopy(image.pixels(), 0, pixels, i * size * size, size * size);
            labelArray[i] = source.label(i);
        }
        return new LabelledImages(size, pixels, labelArray);
    }
}
