package org.rftworkbench.core.data;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * A preprocessed dataset backed by a memory-mapped {@link TensorCache} file: uint8 images CHW [3, S, S] (grey
 * datasets store one plane and replicate it on read) plus labels, turned into normalised float32 model input on
 * demand. Obtain one from {@link TensorCache#prepare}.
 *
 * <p>Normalisation matches torch's {@code ToTensor()} + {@code Normalize(mean, std)} in float32 bit for bit:
 * {@code ((float) x / 255f - (float) mean[c]) / (float) std[c]}, precomputed into a 256-entry table per channel.
 *
 * <p>Thread-safe: all reads are absolute reads of a read-only mapping, so several threads may read batches
 * concurrently. The mapping is released by the garbage collector (Java 17 has no explicit unmap).
 */
public final class PreparedDataset {
    /** Images per mapped segment are chosen so one segment stays below this size (a mapping is limited to 2 GiB). */
    private static final long SEGMENT_BYTES = 1L << 30;

    private final Path cacheFile;
    private final CacheFile.Header header;
    private final String contentKey;
    private final PreprocessConfig config;
    private final MappedByteBuffer[] segments;
    private final int imagesPerSegment;
    private final int storedImageBytes;
    private final int plane;
    private final float[][] normalization; // [channel][uint8 value]

    private PreparedDataset(Path cacheFile, CacheFile.Header header, String contentKey, PreprocessConfig config,
                            MappedByteBuffer[] segments, int imagesPerSegment) {
        this.cacheFile = cacheFile;
        this.header = header;
        this.contentKey = contentKey;
        this.config = config;
        this.segments = segments;
        this.imagesPerSegment = imagesPerSegment;
        this.storedImageBytes = (int) header.imageBytes();
        this.plane = header.imageSize() * header.imageSize();
        this.normalization = normalizationTables(config);
    }

    /** Maps the payload of a validated cache file. */
    static PreparedDataset map(FileChannel channel, Path cacheFile, CacheFile.Validated validated,
                               String contentKey, PreprocessConfig config) throws IOException {
        CacheFile.Header header = validated.header();
        long imageBytes = header.imageBytes();
        int perSegment = (int) Math.max(1, Math.min(header.count(), SEGMENT_BYTES / imageBytes));
        int segmentCount = (header.count() + perSegment - 1) / perSegment;
        MappedByteBuffer[] segments = new MappedByteBuffer[segmentCount];
        for (int s = 0; s < segmentCount; s++) {
            int images = Math.min(perSegment, header.count() - s * perSegment);
            segments[s] = channel.map(FileChannel.MapMode.READ_ONLY,
                    validated.payloadOffset() + s * perSegment * imageBytes, images * imageBytes);
        }
        return new PreparedDataset(cacheFile, header, contentKey, config, segments, perSegment);
    }

    /** torch: ToTensor divides by 255 in float32, Normalize subtracts then divides by float32 constants. */
    static float[][] normalizationTables(PreprocessConfig config) {
        double[] mean = config.mean();
        double[] std = config.std();
        float[][] table = new float[3][256];
        for (int c = 0; c < 3; c++) {
            float m = (float) mean[c];
            float s = (float) std[c];
            for (int v = 0; v < 256; v++) {
                table[c][v] = ((float) v / 255f - m) / s;
            }
        }
        return table;
    }

    public int size() {
        return header.count();
    }

    /** Side S of the square images. */
    public int imageSize() {
        return header.imageSize();
    }

    /** Floats per image in {@link #readNormalized}'s output: 3 * S * S. */
    public int floatsPerImage() {
        return 3 * plane;
    }

    public int label(int i) {
        return header.labels()[i];
    }

    /** A copy of all labels, in dataset order. */
    public int[] labels() {
        return header.labels().clone();
    }

    public List<String> classNames() {
        return header.classNames();
    }

    public String name() {
        return header.name();
    }

    /** The preprocessing (including mean/std) used when reading. */
    public PreprocessConfig config() {
        return config;
    }

    /**
     * SHA-256 (hex) of the source's content fingerprint, the full preprocess fingerprint (mean/std included)
     * and the cache format version: equal keys mean equal model input, so results may be cached under it.
     */
    public String contentKey() {
        return contentKey;
    }

    /** Key of the stored uint8 pixels (source + geometric preprocessing + format version); names the file. */
    public String pixelKey() {
        return header.key();
    }

    public Path cacheFile() {
        return cacheFile;
    }

    /**
     * Fills {@code dst[0 .. count*3*S*S)} with images {@code from .. from+count-1} as normalised float32 NCHW
     * {@code [count, 3, S, S]}.
     */
    public void readNormalized(int from, int count, float[] dst) {
        if (from < 0 || count < 0 || from + count > size()) {
            throw new IndexOutOfBoundsException("images [" + from + ", " + (from + count) + ") outside [0, "
                    + size() + ")");
        }
        checkCapacity(count, dst);
        byte[] scratch = new byte[storedImageBytes];
        for (int k = 0; k < count; k++) {
            normalizeImage(from + k, scratch, dst, k * floatsPerImage());
        }
    }

    /** Like {@link #readNormalized} for the images at {@code indices}, in that order (repeats allowed). */
    public void readIndices(int[] indices, float[] dst) {
        checkCapacity(indices.length, dst);
        byte[] scratch = new byte[storedImageBytes];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= size()) {
                throw new IndexOutOfBoundsException("image index " + i + " outside [0, " + size() + ")");
            }
            normalizeImage(i, scratch, dst, k * floatsPerImage());
        }
    }

    /** Image {@code i} as stored pixels expanded to uint8 CHW [3, S, S] (e.g. to display it). */
    public byte[] readUint8(int i) {
        byte[] stored = new byte[storedImageBytes];
        copyStored(i, stored);
        if (header.channels() == 3) {
            return stored;
        }
        byte[] rgb = new byte[3 * plane];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(stored, 0, rgb, c * plane, plane);
        }
        return rgb;
    }

    private void checkCapacity(int count, float[] dst) {
        long needed = (long) count * floatsPerImage();
        if (dst.length < needed) {
            throw new IllegalArgumentException("destination holds " + dst.length + " floats, " + count
                    + " images need " + needed);
        }
    }

    private void copyStored(int i, byte[] dst) {
        MappedByteBuffer segment = segments[i / imagesPerSegment];
        segment.get((i % imagesPerSegment) * storedImageBytes, dst, 0, storedImageBytes);
    }

    private void normalizeImage(int i, byte[] scratch, float[] dst, int offset) {
        copyStored(i, scratch);
        boolean grey = header.channels() == 1;
        for (int c = 0; c < 3; c++) {
            float[] table = normalization[c];
            int src = grey ? 0 : c * plane;
            int out = offset + c * plane;
            for (int p = 0; p < plane; p++) {
                dst[out + p] = table[scratch[src + p] & 0xFF];
            }
        }
    }

    @Override
    public String toString() {
        return "PreparedDataset[" + name() + ", " + size() + " images, " + imageSize() + "px, " + cacheFile + "]";
    }
}
