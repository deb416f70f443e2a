package org.rftworkbench.core.service.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.rftworkbench.core.util.AtomicFiles;
import org.rftworkbench.core.util.Hashing;

/**
 * A content-addressed store of computed results on disk: one small file per key (a {@link CacheKey}, hex SHA-256),
 * under {@code DIR/ab/abcdef....rftr}. Values are JSON; callers define what they store (evaluation cells today,
 * sharpness cells later), the cache only guarantees integrity.
 *
 * <p>File format: one header line {@code RFTR1 <sha256 of the payload> <payload length>}, then the payload, the JSON
 * object {@code {"key": KEY, "value": VALUE}}. Files are written atomically (temporary file, fsync, rename), so a
 * crash leaves either no entry or a complete one. An entry that fails any check (header, length, checksum, JSON, key)
 * is deleted and reported as a miss, so the value is recomputed; this covers truncation, bit flips and files copied
 * under the wrong name.
 *
 * <p>Thread-safe, and safe across processes: concurrent writers of one key write identical content and the last
 * rename wins.
 */
public final class ResultCache {
    private static final String MAGIC = "RFTR1";
    private static final String SUFFIX = ".rftr";
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();

    /** Counters since this instance was created. */
    public record Stats(long hits, long misses, long writes, long corrupt) {
    }

    /** @param dir the cache folder (created on the first write) */
    public ResultCache(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** The file an entry lives in (whether or not it exists). */
    public Path fileOf(String key) {
        requireKey(key);
        return dir.resolve(key.substring(0, 2)).resolve(key + SUFFIX);
    }

    /** The stored value, or empty when absent or corrupt (a corrupt entry is deleted). */
    public Optional<JsonNode> get(String key) {
        Path file = fileOf(key);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            misses.incrementAndGet();
            return Optional.empty();
        } catch (IOException e) {
            misses.incrementAndGet();
            return Optional.empty();
        }
        JsonNode value = decode(key, bytes);
        if (value == null) {
            corrupt.incrementAndGet();
            misses.incrementAndGet();
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a later put replaces it anyway
            }
            return Optional.empty();
        }
        hits.incrementAndGet();
        return Optional.of(value);
    }

    /** Stores a value under {@code key}, atomically. */
    public void put(String key, JsonNode value) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("key", key);
        payload.set("value", value);
        try {
            byte[] body = JSON.writeValueAsBytes(payload);
            byte[] header = (MAGIC + " " + Hashing.hex(Hashing.sha256().digest(body)) + " " + body.length + "\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] file = Arrays.copyOf(header, header.length + body.length);
            System.arraycopy(body, 0, file, header.length, body.length);
            AtomicFiles.write(fileOf(key), file, false);
            writes.incrementAndGet();
        } catch (IOException e) {
            throw new UncheckedIOException(fileOf(key) + ": cannot write result cache entry: " + e.getMessage(), e);
        }
    }

    /**
     * Number of entries on disk (for tests and status displays). Names are listed without reading attributes, so a
     * writer's temporary file that is renamed or removed meanwhile (another process filling the cache) cannot make
     * the count fail, as a {@code Files.walk} would.
     */
    public long entryCount() {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long count = 0;
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(dir)) {
            for (Path shard : shards) {
                if (!Files.isDirectory(shard)) {
                    continue;
                }
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(shard)) {
                    for (Path p : entries) {
                        if (p.getFileName().toString().endsWith(SUFFIX)) {
                            count++;
                        }
                    }
                } catch (NoSuchFileException gone) {
                    // the shard folder was removed while listing: it holds no entries now
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count;
    }

    public Stats stats() {
        return new Stats(hits.get(), misses.get(), writes.get(), corrupt.get());
    }

    /** The value of a well-formed entry for {@code key}, or null. */
    private static JsonNode decode(String key, byte[] bytes) {
        int newline = -1;
        for (int i = 0; i < Math.min(bytes.length, 200); i++) {
            if (bytes[i] == '\n') {
                newline = i;
                break;
            }
        }
        if (newline < 0) {
            return null;
        }
        String[] header = new String(bytes, 0, newline, StandardCharsets.US_ASCII).split(" ");
        if (header.length != 3 || !header[0].equals(MAGIC)) {
            return null;
        }
        int bodyLength = bytes.length - newline - 1;
        byte[] body = Arrays.copyOfRange(bytes, newline + 1, bytes.length);
        try {
            if (Integer.parseInt(header[2]) != bodyLength
                    || !Hashing.hex(Hashing.sha256().digest(body)).equals(header[1])) {
                return null;
            }
            JsonNode payload = JSON.readTree(body);
            if (payload == null || !key.equals(payload.path("key").asText()) || !payload.has("value")) {
                return null;
            }
            return payload.get("value");
        } catch (NumberFormatException | IOException e) {
            return null;
        }
    }

    private static void requireKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("a result cache key is 64 lowercase hex digits, got " + key);
        }
    }
}
