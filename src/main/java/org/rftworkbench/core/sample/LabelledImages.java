package org.rftworkbench.core.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.rftworkbench.core.util.AtomicFiles;

/**
 * Square uint8 greyscale images with integer labels, held in memory ({@code pixels} row-major, image after image).
 * Treated as immutable: the arrays are not copied, so callers must not write into them.
 *
 * @param size   edge length in pixels
 * @param pixels {@code count * size * size} bytes, 0 = black
 * @param labels class index per image
 */
public record LabelledImages(int size, byte[] pixels, int[] labels) {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    public LabelledImages {
        if (pixels.length != labels.length * size * size) {
            throw new IllegalArgumentException(pixels.length + " pixels do not hold " + labels.length + " images of "
                    + size + "x" + size);
        }
    }

    public int count() {
        return labels.length;
    }

    /** Image {@code i} as [0, 1] floats. */
    public float[] image(int i) {
        return ImageOps.fromBytes(pixels, i * size * size, size * size);
    }

    /** The images at {@code indices}, in that order. */
    public LabelledImages subset(int[] indices) {
        int n = size * size;
        byte[] p = new byte[indices.length * n];
        int[] l = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(pixels, indices[k] * n, p, k * n, n);
            l[k] = labels[indices[k]];
        }
        return new LabelledImages(size, p, l);
    }

    /**
     * The images at {@code indices} rendered in {@code style} and stored as uint8, as the OOD sets are shipped. One
     * generator seeded with {@code seed} is drawn from image after image, so a set is reproducible from its seed.
     */
    public LabelledImages rendered(int[] indices, Style style, long seed) {
        Random rng = new Random(seed);
        int n = size * size;
        byte[] p = new byte[indices.length * n];
        int[] l = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            byte[] out = ImageOps.toBytes(style.render(image(indices[k]), size, rng));
            System.arraycopy(out, 0, p, k * n, n);
            l[k] = labels[indices[k]];
        }
        return new LabelledImages(size, p, l);
    }

    /**
     * Writes the pair of gzipped IDX files {@code stem-images-idx3-ubyte.gz} and {@code stem-labels-idx1-ubyte.gz}
     * into {@code dir} (atomically each; the gzip header carries no time stamp, so equal data gives equal bytes).
     */
    public void writeIdx(Path dir, String stem) throws IOException {
        ByteBuffer images = ByteBuffer.allocate(16 + pixels.length);
        images.putInt(IMAGES_MAGIC).putInt(count()).putInt(size).putInt(size).put(pixels);
        ByteBuffer labelBytes = ByteBuffer.allocate(8 + count());
        labelBytes.putInt(LABELS_MAGIC).putInt(count());
        for (int label : labels) {
            labelBytes.put((byte) label);
        }
        AtomicFiles.write(dir.resolve(stem + "-images-idx3-ubyte.gz"), gzip(images.array()), false);
        AtomicFiles.write(dir.resolve(stem + "-labels-idx1-ubyte.gz"), gzip(labelBytes.array()), false);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2);
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
