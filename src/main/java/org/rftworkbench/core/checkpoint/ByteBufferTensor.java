package org.rftworkbench.core.checkpoint;

import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A {@link CheckpointTensor} backed by one {@link ByteBuffer}: a slice of a memory-mapped file (the readers) or a
 * heap buffer (non-contiguous copies, TorchScript parameters, tensors built in memory for {@link SafetensorsWriter}).
 * Immutable and thread-safe: the buffer is kept read-only and every {@link #bytes()} call hands out a new view.
 */
public final class ByteBufferTensor implements CheckpointTensor {
    private final String name;
    private final DataType dataType;
    private final long[] shape;
    private final ByteBuffer data;

    private ByteBufferTensor(String name, DataType dataType, long[] shape, ByteBuffer data) {
        this.name = name;
        this.dataType = dataType;
        this.shape = shape;
        this.data = data;
    }

    /**
     * Wraps {@code bytes} (from its position to its limit; little-endian, row-major) without copying them.
     *
     * @throws IllegalArgumentException if the byte count is not {@code numel * dataType.getNumOfBytes()} or a
     *     dimension is negative
     */
    public static ByteBufferTensor of(String name, DataType dataType, long[] shape, ByteBuffer bytes) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataType, "dataType");
        long[] dims = shape.clone();
        long expected = Math.multiplyExact(numel(dims), (long) dataType.getNumOfBytes());
        if (bytes.remaining() != expected) {
            throw new IllegalArgumentException("tensor " + name + " " + Arrays.toString(dims) + " " + dataType
                    + " needs " + expected + " bytes, got " + bytes.remaining());
        }
        return new ByteBufferTensor(name, dataType, dims, bytes.slice().asReadOnlyBuffer());
    }

    /** A float32 tensor holding a copy of {@code values} (row-major). */
    public static ByteBufferTensor ofFloats(String name, long[] shape, float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return of(name, DataType.FLOAT32, shape, buffer);
    }

    /** Product of the dimensions; 1 for a 0-dim shape. */
    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DataType dataType() {
        return dataType;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public ByteBuffer bytes() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public String toString() {
        return name + " " + Arrays.toString(shape) + " " + dataType;
    }
}
