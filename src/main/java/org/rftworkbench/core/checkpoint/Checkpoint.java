package org.rftworkbench.core.checkpoint;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The tensors of one checkpoint file, in file order. Closing releases mappings; tensors must not be used after.
 * Not thread-safe for close; reading tensors concurrently is fine.
 */
public interface Checkpoint extends AutoCloseable {
    Path path();

    CheckpointFormat format();

    /** Tensors in file order with normalised names (no duplicates). */
    List<CheckpointTensor> tensors();

    /** Free-form metadata (safetensors {@code __metadata__}, notes about normalisation applied); may be empty. */
    Map<String, String> metadata();

    @Override
    void close();
}
