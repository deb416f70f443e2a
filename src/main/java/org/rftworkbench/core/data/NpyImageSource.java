package org.rftworkbench.core.data;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import org.rftworkbench.core.util.Hashing;

/**
 * Images and labels as two NumPy {@code .npy} arrays, the way CIFAR-10.1 and CIFAR-10.2 ship: images
 * {@code N x H x W x 3} (RGB) or {@code N x H x W} (grey) uint8 in C order, labels {@code N} integers (any
 * little-endian int/uint of 1-8 bytes; CIFAR uses int64) indexing the class names. Both files are loaded into memory
 * at {@link #open}; the header is parsed here ({@link NpyArray}), no NumPy needed.
 *
 * <p>Immutable after opening and thread-safe.
 */
public final class NpyImageSource implements ImageSource {
    private final String name;
    private final Path imagesFile;
    private final List<String> classNames;
    private final NpyArray images;
    private final int count;
    private final int height;
    private final int width;
    private final int channels;
    private final int[] labels;
    private volatile String fingerprint;

    private NpyImageSource(String name, Path imagesFile, List<String> classNames, NpyArray images, int[] labels) {
        this.name = name;
        this.imagesFile = imagesFile;
        this.classNames = List.copyOf(classNames);
        this.images = images;
        this.count = (int) images.shape()[0];
        this.height = (int) images.shape()[1];
        this.width = (int) images.shape()[2];
        this.channels = images.shape().length == 4 ? 3 : 1;
        this.labels = labels;
    }

    /**
     * @throws DataException naming the offending file: not a .npy file, not uint8 N x H x W x 3 (or N x H x W)
     *                       images, not little-endian integer labels of shape (N,), a count mismatch, a label out
     *                       of range, or no images
     */
    public static NpyImageSource open(String name, Path imagesFile, Path labelsFile, List<String> classNames)
            throws DataException {
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("class names must not be empty");
        }
        NpyArray images = NpyArray.read(imagesFile);
        long[] s = images.shape();
        boolean shapeOk = (s.length == 4 && s[3] == 3) || s.length == 3;
        if (!images.isUint8() || !shapeOk) {
            throw new DataException(imagesFile, "expected uint8 images of shape (N, H, W, 3) or (N, H, W), got "
                    + images.descr() + " " + images.shapeText());
        }
        if (s[0] == 0) {
            throw new DataException(imagesFile, "dataset has no images");
        }
        if (s[0] > Integer.MAX_VALUE || s[1] == 0 || s[2] == 0 || s[1] > 65535 || s[2] > 65535) {
            throw new DataException(imagesFile, "unsupported image array shape " + images.shapeText());
        }
        NpyArray labelArray = NpyArray.read(labelsFile);
        if (!labelArray.isLittleEndianInteger() || labelArray.shape().length != 1) {
            throw new DataException(labelsFile, "expected little-endian integer labels of shape (N,), got "
                    + labelArray.descr() + " " + labelArray.shapeText());
        }
        if (labelArray.shape()[0] != s[0]) {
            throw new DataException(labelsFile, "has " + labelArray.shape()[0] + " labels but "
                    + imagesFile.getFileName() + " has " + s[0] + " images");
        }
        int[] labels = new int[(int) s[0]];
        for (int i = 0; i < labels.length; i++) {
            long label = labelArray.integerAt(i);
            if (label < 0 || label >= classNames.size()) {
                String shown = labelArray.descr().equals("<u8") ? Long.toUnsignedString(label) : Long.toString(label);
                throw new DataException(labelsFile, "label " + shown + " at index " + i + " is out of range for "
                        + classNames.size() + " classes");
            }
            labels[i] = (int) label;
        }
        return new NpyImageSource(name, imagesFile, classNames, images, labels);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public int label(int i) {
        return labels[checkIndex(i)];
    }

    @Override
    public DecodedImage read(int i) {
        int n = height * width * channels;
        byte[] pixels = new byte[n];
        System.arraycopy(images.bytes(), images.dataOffset() + checkIndex(i) * n, pixels, 0, n);
        return new DecodedImage(width, height, channels, pixels);
    }

    @Override
    public String location(int i) {
        return imagesFile + "#" + i;
    }

    @Override
    public boolean allGreyscale() {
        return channels == 1;
    }

    /** SHA-256 over the pixel payload, its shape, the labels and the class names. */
    @Override
    public String contentFingerprint() {
        String cached = fingerprint;
        if (cached == null) {
            MessageDigest md = Hashing.sha256();
            Hashing.putString(md, "npy-v1");
            Hashing.putInt(md, count);
            Hashing.putInt(md, height);
            Hashing.putInt(md, width);
            Hashing.putInt(md, channels);
            md.update(images.bytes(), images.dataOffset(), count * height * width * channels);
            for (int label : labels) {
                Hashing.putInt(md, label);
            }
            Hashing.putStrings(md, classNames);
            cached = Hashing.hex(md.digest());
            fingerprint = cached;
        }
        return cached;
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("image index " + i + " outside [0, " + count + ")");
        }
        return i;
    }
}
