package org.rftworkbench.core.sharpness;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.rftworkbench.core.data.ClassMapping;
import org.rftworkbench.core.data.PreparedDataset;

/**
 * The examples sharpness is measured on: the first n images of a prepared dataset, in dataset order, cut into
 * batches of m (no shuffling, no augmentation), with labels mapped onto the head's classes. Subset datasets
 * (ImageNet-R style) restrict the logits to the classes they use, as evaluation does.
 *
 * <p>Immutable apart from the dataset mapping it reads; safe to share between threads, but the arrays it creates
 * belong to the caller's manager.
 */
public final class SharpnessData {
    private final PreparedDataset dataset;
    private final ClassMapping mapping;
    private final int examples;
    private final int batchSize;

    /**
     * @param examples  n; must not exceed the dataset size
     * @param batchSize m
     * @throws IllegalArgumentException when the dataset has fewer than n images
     */
    public SharpnessData(PreparedDataset dataset, ClassMapping mapping, int examples, int batchSize) {
        if (examples > dataset.size()) {
            throw new IllegalArgumentException(dataset.name() + ": sharpness needs " + examples
                    + " examples but the dataset has " + dataset.size());
        }
        this.dataset = dataset;
        this.mapping = mapping;
        this.examples = examples;
        this.batchSize = batchSize;
    }

    public PreparedDataset dataset() {
        return dataset;
    }

    public int batchCount() {
        return (examples + batchSize - 1) / batchSize;
    }

    public int batchSize() {
        return batchSize;
    }

    public int examples() {
        return examples;
    }

    /** Number of images in batch {@code b}. */
    public int sizeOf(int b) {
        return Math.min(batchSize, examples - b * batchSize);
    }

    /** Normalised images of batch {@code b} as float32 [count, 3, S, S] in {@code manager}. */
    public NDArray images(int b, NDManager manager) {
        return images(b, manager, null);
    }

    /**
     * Like {@link #images(int, NDManager)}, staging the pixels in {@code staging} (a reusable native-order direct
     * buffer of at least m * 3 * S * S floats) instead of a new direct buffer per batch, which would hold native
     * memory until the garbage collector runs. On the CPU the array may wrap {@code staging}: close it before the
     * buffer is refilled.
     */
    public NDArray images(int b, NDManager manager, ByteBuffer staging) {
        int count = sizeOf(b);
        float[] pixels = new float[count * dataset.floatsPerImage()];
        dataset.readNormalized(b * batchSize, count, pixels);
        int s = dataset.imageSize();
        Shape shape = new Shape(count, 3, s, s);
        if (staging == null) {
            return manager.create(pixels, shape);
        }
        ByteBuffer view = staging.duplicate().order(ByteOrder.nativeOrder());
        view.clear();
        view.asFloatBuffer().put(pixels);
        view.limit(pixels.length * Float.BYTES);
        return manager.create(view.slice().order(ByteOrder.nativeOrder()), shape, DataType.FLOAT32);
    }

    /** A staging buffer for {@link #images(int, NDManager, ByteBuffer)}. */
    public ByteBuffer newStagingBuffer() {
        // the largest batch is min(m, n): a batch size above the number of examples costs nothing more
        return ByteBuffer.allocateDirect(Math.multiplyExact(Math.min(batchSize, examples),
                        Math.multiplyExact(dataset.floatsPerImage(), Float.BYTES)))
                .order(ByteOrder.nativeOrder());
    }

    /**
     * Targets of batch {@code b}: the head class of each label, or, for a subset dataset, the column within
     * {@link #logitColumns()}.
     */
    public NDArray targets(int b, NDManager manager) {
        int count = sizeOf(b);
        int[] used = mapping.isSubset() ? mapping.usedHeadIndices() : null;
        long[] t = new long[count];
        for (int i = 0; i < count; i++) {
            int label = dataset.label(b * batchSize + i);
            int head = mapping.headIndexOf(label);
            t[i] = used == null ? head : java.util.Arrays.binarySearch(used, head);
        }
        return manager.create(t);
    }

    /** Head columns to keep before the loss, or null to keep all. */
    public int[] logitColumns() {
        return mapping.isSubset() ? mapping.usedHeadIndices() : null;
    }

    /** A stable description of which examples are used (dataset content key, n, m) for cache keys. */
    public String canonical() {
        return dataset.name() + "@" + dataset.contentKey() + ";n=" + examples + ";m=" + batchSize;
    }
}
