package org.rftworkbench.core.checkpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link Checkpoint} every reader returns: an immutable list of tensors plus metadata. The readers close their
 * file channels before returning, so there is no descriptor to release; memory mappings are unmapped by the JVM once
 * the buffers become unreachable (Java 17 has no safe explicit unmap), which is why {@link #close()} drops them.
 */
final class LoadedCheckpoint implements Checkpoint {
    private final Path path;
    private final CheckpointFormat format;
    private volatile List<CheckpointTensor> tensors;
    private final Map<String, String> metadata;

    LoadedCheckpoint(Path path, CheckpointFormat format, List<? extends CheckpointTensor> tensors,
            Map<String, String> metadata) {
        this.path = path;
        this.format = format;
        Set<String> seen = new HashSet<>();
        for (CheckpointTensor t : tensors) {
            if (!seen.add(t.name())) {
                throw new IllegalArgumentException("duplicate tensor name " + t.name());
            }
        }
        this.tensors = Collections.unmodifiableList(new ArrayList<>(tensors));
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public CheckpointFormat format() {
        return format;
    }

    /** @throws IllegalStateException after {@link #close()} */
    @Override
    public List<CheckpointTensor> tensors() {
        List<CheckpointTensor> current = tensors;
        if (current == null) {
            throw new IllegalStateException(path + ": checkpoint already closed");
        }
        return current;
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public void close() {
        tensors = null;
    }
}
