package org.rftworkbench.core.interpolate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The tensors of one interpolation endpoint, resident in native memory (float tensors converted to float32), in
 * checkpoint order. Read-only by contract: nothing writes into these arrays. Closing releases the memory.
 *
 * @param source          the checkpoint file
 * @param sha256          hex SHA-256 of the file's bytes (provenance, cache keys)
 * @param tensors         name -> tensor
 * @param nonFinite       names of tensors that contain NaN or Inf (a warning, not an error)
 * @param notes           normalisation notes (e.g. "ignored 12 text-tower tensors")
 */
public record EndpointWeights(Path source, String sha256, Map<String, NDArray> tensors, List<String> nonFinite,
        List<String> notes, NDManager manager) implements AutoCloseable {

    public EndpointWeights {
        tensors = Collections.unmodifiableMap(tensors);
        nonFinite = List.copyOf(nonFinite);
        notes = List.copyOf(notes);
    }

    /** Total number of scalars. */
    public long scalarCount() {
        return tensors.values().stream().mapToLong(NDArray::size).sum();
    }

    @Override
    public void close() {
        manager.close();
    }
}
