package org.rftworkbench.core.data;

import org.rftworkbench.core.util.Hashing;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An MNIST-family dataset in IDX format (MNIST, Fashion-MNIST, KMNIST...): an images file (magic 0x00000803,
 * uint8, N x rows x cols) and a labels file (magic 0x00000801, uint8, N), each plain or gzip-compressed (detected
 * from the content, not the file name). Both files are loaded into memory at {@link #open}; every image is grey.
 *
 * <p>Immutable after opening and thread-safe.
 */
public final class IdxImageSource implements ImageSource {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private final String name;
    private final Path imagesFile;
    private final List<String> classNames;
    private final int count;
    private final int rows;
    private final int cols;
    private final byte[] images; // whole decompressed images file; pixels start at pixelOffset
    private final int pixelOffset;
    private final byte[] labels;
    private final int labelOffset;
    private volatile String fingerprint;

    private IdxImageSource(String name, Path imagesFile, List<String> classNames, Idx images, Idx labels) {
        this.name = name;
        this.imagesFile = imagesFile;
        this.classNames = List.copyOf(classNames);
        this.count = images.dims[0];
        this.rows = images.dims[1];
        this.cols = images.dims[2];
        this.images = images.bytes;
        this.pixelOffset = images.dataOffset;
        this.labels = labels.bytes;
        this.labelOffset = labels.dataOffset;
    }

    /**
     * Opens an IDX images/labels pair with the given class names (label k is {@code classNames.get(k)}).
     *
     * @throws DataException naming the offending file: unreadable, corrupt gzip, bad magic, truncated, trailing
     *                       bytes, image/label count mismatch, label out of range, or no images
     */
    public static IdxImageSource open(String name, Path imagesFile, Path labelsFile, List<String> classNames)
            throws DataException {
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("class names must not be empty");
        }
        Idx images = Idx.read(imagesFile, IMAGES_MAGIC, "image");
        Idx labels = Idx.read(labelsFile, LABELS_MAGIC, "label");
        if (images.dims[0] == 0) {
            throw new DataException(imagesFile, "dataset has no images");
        }
        if (images.dims[1] == 0 || images.dims[2] == 0) {
            throw new DataException(imagesFile, "images have zero size " + images.dims[1] + "x" + images.dims[2]);
        }
        if (labels.dims[0] != images.dims[0]) {
            throw new DataException(labelsFile, "has " + labels.dims[0] + " labels but " + imagesFile.getFileName()
                    + " has " + images.dims[0] + " images");
        }
        for (int i = 0; i < labels.dims[0]; i++) {
            int label = labels.bytes[labels.dataOffset + i] & 0xFF;
            if (label >= classNames.size()) {
                throw new DataException(labelsFile, "label " + label + " at index " + i + " is out of range for "
                        + classNames.size() + " classes");
            }
        }
        return new IdxImageSource(name, imagesFile, classNames, images, labels);
    }

    /** Like {@link #open(String, Path, Path, List)} with class names read from a classes.txt file. */
    public static IdxImageSource open(String name, Path imagesFile, Path labelsFile, Path classNamesFile)
            throws DataException {
        return open(name, imagesFile, labelsFile, ClassNamesFile.read(classNamesFile));
    }

    /** Image height in pixels. */
    public int rows() {
        return rows;
    }

    /** Image width in pixels. */
    public int cols() {
        return cols;
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
        return labels[labelOffset + checkIndex(i)] & 0xFF;
    }

    @Override
    public DecodedImage read(int i) {
        int n = rows * cols;
        byte[] pixels = new byte[n];
        System.arraycopy(images, pixelOffset + checkIndex(i) * n, pixels, 0, n);
        return new DecodedImage(cols, rows, 1, pixels);
    }

    @Override
    public String location(int i) {
        return imagesFile + "#" + i;
    }

    @Override
    public boolean allGreyscale() {
        return true;
    }

    /** SHA-256 over the decompressed image and label payloads, their shapes and the class names. */
    @Override
    public String contentFingerprint() {
        String cached = fingerprint;
        if (cached == null) {
            MessageDigest md = Hashing.sha256();
            Hashing.putString(md, "idx-v1");
            Hashing.putInt(md, count);
            Hashing.putInt(md, rows);
            Hashing.putInt(md, cols);
            md.update(images, pixelOffset, count * rows * cols);
            md.update(labels, labelOffset, count);
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

    /** One parsed IDX file: its dimensions and where the uint8 payload starts in {@code bytes}. */
    private record Idx(int[] dims, byte[] bytes, int dataOffset) {

        static Idx read(Path file, int expectedMagic, String what) throws DataException {
            byte[] bytes = readMaybeGzipped(file);
            if (bytes.length < 4) {
                throw new DataException(file, "truncated: too short for an IDX header");
            }
            int magic = readInt(bytes, 0);
            if (magic != expectedMagic) {
                throw new DataException(file, String.format(Locale.ROOT,
                        "not an IDX %s file (magic 0x%08x, expected 0x%08x)", what, magic, expectedMagic));
            }
            int ndims = expectedMagic & 0xFF;
            int offset = 4 + 4 * ndims;
            if (bytes.length < offset) {
                throw new DataException(file, "truncated: IDX header needs " + offset + " bytes, file has "
                        + bytes.length);
            }
            int[] dims = new int[ndims];
            long expected = 1;
            for (int d = 0; d < ndims; d++) {
                dims[d] = readInt(bytes, 4 + 4 * d);
                if (dims[d] < 0) {
                    throw new DataException(file, "negative IDX dimension " + dims[d]);
                }
                expected *= dims[d];
            }
            long actual = bytes.length - offset;
            if (actual < expected) {
                throw new DataException(file, "truncated: header promises " + expected + " bytes of " + what
                        + " data (" + shape(dims) + "), file has " + actual);
            }
            if (actual > expected) {
                throw new DataException(file, "has " + (actual - expected) + " unexpected bytes after the "
                        + shape(dims) + " " + what + " data");
            }
            return new Idx(dims, bytes, offset);
        }

        private static String shape(int[] dims) {
            StringBuilder sb = new StringBuilder();
            for (int d : dims) {
                sb.append(sb.length() == 0 ? "" : "x").append(d);
            }
            return sb.toString();
        }

        private static int readInt(byte[] b, int at) {
            return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
        }

        /** The file's bytes, gunzipped when it starts with the gzip magic 1f 8b. */
        private static byte[] readMaybeGzipped(Path file) throws DataException {
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
                raw.mark(2);
                boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
                raw.reset();
                if (!gzip) {
                    return raw.readAllBytes();
                }
                try (InputStream in = new GZIPInputStream(raw, 64 * 1024)) {
                    return in.readAllBytes();
                } catch (EOFException e) {
                    throw new DataException(file, "truncated gzip stream", e);
                } catch (ZipException e) {
                    throw new DataException(file, "corrupt gzip data: " + e.getMessage(), e);
                }
            } catch (IOException e) {
                throw new DataException(file, "cannot read: " + e.getMessage(), e);
            } catch (OutOfMemoryError e) {
                throw new DataException(file, "too large to load into memory", e);
            }
        }
    }
}
