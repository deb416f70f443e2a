package org.rftworkbench.core.checkpoint;

import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;

/**
 * One named tensor of a checkpoint. The bytes are contiguous, row-major, little-endian, exactly
 * {@code numel * dtype.getNumOfBytes()} long. They may be a read-only view of a memory-mapped file, valid until the
 * owning {@link Checkpoint} is closed. Immutable; safe to read from several threads (each call to {@link #bytes()}
 * returns an independent buffer view).
 */
public interface CheckpointTensor {
    /** Normalised name: wrapper keys such as {@code state_dict} and {@code module.} prefixes already removed. */
    String name();

    DataType dataType();

    long[] shape();

    /** Number of elements (product of the shape; 1 for a 0-dim tensor). */
    default long numel() {
        long n = 1;
        for (long d : shape()) {
            n *= d;
        }
        return n;
    }

    /** A fresh read-only little-endian view of the tensor bytes, position 0. */
    ByteBuffer bytes();
}
