package org.rftworkbench.core.service.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.service.estimate.CellCounts;

/** The on-disk cache: round trip, integrity checks and key construction. */
class ResultCacheTest {
    @TempDir
    Path dir;

    private static final CellCounts CELL = new CellCounts(40, 7, 21, 93.12345678901234,
            new long[] {1, 0, 2, 0, 0, 1, 0, 3, 0, 0}, new long[] {4, 4, 4, 4, 4, 4, 4, 4, 4, 4});

    private static String key(String alpha) {
        return CacheKey.of("test").add("alpha", alpha).build();
    }

    @Test
    void valuesRoundTripExactlyAcrossInstances() {
        new ResultCache(dir).put(key("a"), CELL.toJson());
        ResultCache reopened = new ResultCache(dir);
        assertEquals(CELL, CellCounts.fromJson(reopened.get(key("a")).orElseThrow()));
        assertTrue(reopened.get(key("b")).isEmpty());
        assertEquals(new ResultCache.Stats(1, 1, 0, 0), reopened.stats());
        assertEquals(1, reopened.entryCount());
    }

    @Test
    void aFlippedByteIsDetectedAndTheEntryDeleted() throws Exception {
        ResultCache cache = new ResultCache(dir);
        cache.put(key("a"), CELL.toJson());
        Path file = cache.fileOf(key("a"));
        byte[] bytes = Files.readAllBytes(file);
        for (int position : new int[] {bytes.length - 5, 10}) { // payload digit, then header checksum
            cache.put(key("a"), CELL.toJson());
            byte[] flipped = Files.readAllBytes(file);
            flipped[position] ^= 0x01;
            Files.write(file, flipped);
            assertTrue(cache.get(key("a")).isEmpty(), "flip at " + position);
            assertFalse(Files.exists(file), "corrupt entries are deleted");
        }
        assertEquals(2, cache.stats().corrupt());
    }

    @Test
    void aTruncatedEntryOrOneUnderAnotherKeyIsAMiss() throws Exception {
        ResultCache cache = new ResultCache(dir);
        cache.put(key("a"), CELL.toJson());
        Path file = cache.fileOf(key("a"));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));
        assertTrue(cache.get(key("a")).isEmpty());
        cache.put(key("a"), CELL.toJson());
        Files.createDirectories(cache.fileOf(key("b")).getParent());
        Files.copy(file, cache.fileOf(key("b")));
        assertTrue(cache.get(key("b")).isEmpty(), "an intact entry copied under another key's name");
        assertTrue(cache.get(key("a")).isPresent());
        Files.write(file, new byte[0]);
        assertTrue(cache.get(key("a")).isEmpty(), "empty file");
    }

    @Test
    void keysSeparateFieldsAndUseExactDecimals() {
        assertNotEquals(CacheKey.of("k").add("a", "bc").build(), CacheKey.of("k").add("ab", "c").build());
        assertNotEquals(CacheKey.of("k").add("x", "1").build(), CacheKey.of("j").add("x", "1").build());
        assertNotEquals(CacheKey.of("k").add("l", List.of("a", "b")).build(),
                CacheKey.of("k").add("l", List.of("ab")).build());
        assertEquals("0.1000000000000000055511151231257827021181583404541015625", CacheKey.exactDecimal(0.1));
        assertEquals("0.5", CacheKey.exactDecimal(0.5));
        assertNotEquals(CacheKey.of("k").addExact("alpha", 0.3).build(),
                CacheKey.of("k").addExact("alpha", 0.1 + 0.2).build(), "0.1 + 0.2 is not the double 0.3");
        assertEquals(64, CacheKey.of("k").build().length());
    }

    /**
     * Counting while another writer fills the cache (its temporary files appear and are renamed away) never fails:
     * a directory walk that stats each name did, now and then, with NoSuchFileException (seen in SweepResumeTest).
     */
    @Test
    void countingWhileAnotherWriterWritesNeverFails() throws Exception {
        ResultCache writer = new ResultCache(dir);
        ResultCache reader = new ResultCache(dir);
        int entries = 400;
        Thread t = new Thread(() -> {
            for (int i = 0; i < entries; i++) {
                writer.put(key("w" + i), CELL.toJson());
            }
        });
        t.start();
        long last = 0;
        while (t.isAlive()) {
            long now = reader.entryCount();
            assertTrue(now >= last, "entries are only added");
            last = now;
        }
        t.join();
        assertEquals(entries, reader.entryCount());
    }
}
