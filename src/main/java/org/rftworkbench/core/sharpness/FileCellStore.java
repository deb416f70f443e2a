package org.rftworkbench.core.sharpness;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.rftworkbench.core.util.AtomicFiles;
import org.rftworkbench.core.util.Hashing;

/**
 * A {@link CellStore} of small JSON files in one folder, one per cell, named by the SHA-256 of the key. Each file holds
 * the full key (to rule out hash collisions), the value, and a SHA-256 checksum of both; a file whose key or checksum
 * does not match is ignored, so a torn or edited file is recomputed rather than trusted. Writes are atomic
 * (temporary file + rename). Thread-safe for distinct keys.
 */
public final class FileCellStore implements CellStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    public FileCellStore(Path dir) {
        this.dir = dir;
    }

    record Entry(@JsonProperty("key") String key, @JsonProperty("value") SharpnessValue value,
            @JsonProperty("checksum") String checksum) {
    }

    /** The file that holds {@code key}. */
    public Path fileOf(String key) {
        return dir.resolve(Hashing.sha256(key) + ".json");
    }

    @Override
    public Optional<SharpnessValue> get(String key) {
        Path file = fileOf(key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Entry e = JSON.readValue(file.toFile(), Entry.class);
            if (e.value() == null || !key.equals(e.key()) || !checksum(key, e.value()).equals(e.checksum())) {
                return Optional.empty();
            }
            return Optional.of(e.value());
        } catch (IOException corrupt) {
            return Optional.empty();
        }
    }

    @Override
    public void put(String key, SharpnessValue value) throws IOException {
        Entry e = new Entry(key, value, checksum(key, value));
        AtomicFiles.write(fileOf(key), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(e), false);
    }

    private static String checksum(String key, SharpnessValue value) throws IOException {
        return Hashing.sha256Hex(key, JSON.writeValueAsString(value));
    }
}
