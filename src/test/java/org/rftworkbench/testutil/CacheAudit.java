package org.rftworkbench.testutil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.rftworkbench.core.service.cache.ResultCache;

/** Reads every entry of a result cache back through its integrity checks. */
public final class CacheAudit {
    private static final ObjectMapper JSON = new ObjectMapper();
    private CacheAudit() {
    }

    /**
     * Every entry of {@code dir} by key, each read back and checked (header, length, checksum, JSON, key); fails when
     * any entry is corrupt. Writers' temporary files are not entries.
     */
    public static Map<String, byte[]> entries(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        ResultCache cache = new ResultCache(dir);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".rftr")).toList()) {
                String key = f.getFileName().toString().replace(".rftr", "");
                byte[] bytes = Files.readAllBytes(f);
                assertTrue(cache.get(key).isPresent(), "a complete, valid entry: " + f);
                assertTrue(out.put(key, bytes) == null, "one file per key: " + key);
            }
        }
        assertEquals(0, cache.stats().corrupt(), "no corrupt entry in " + dir);
        return out;
    }

    /**
     * The two caches hold the same keys with the same values; a sharpness cell's "seconds" (its wall time) is the one
     * field that may differ.
     */
    public static void assertSameEntries(Path expected, Path actual) throws IOException {
        Map<String, byte[]> e = entries(expected);
        Map<String, byte[]> a = entries(actual);
        assertEquals(e.keySet(), a.keySet(), "the same cells");
        for (Map.Entry<String, byte[]> x : e.entrySet()) {
            assertEquals(withoutTimes(x.getValue()), withoutTimes(a.get(x.getKey())), "entry " + x.getKey());
        }
    }

    private static JsonNode withoutTimes(byte[] entry) throws IOException {
        String text = new String(entry, StandardCharsets.UTF_8);
        JsonNode payload = JSON.readTree(text.substring(text.indexOf('\n') + 1));
        strip(payload);
        return payload;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.remove("seconds");
        }
        node.forEach(CacheAudit::strip);
    }
}
