package org.rftworkbench.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoggingTest {
    @TempDir
    Path dir;

    @Test
    void verboseIsAnOptionBeforeTheEndOfOptions() {
        assertTrue(Logging.wantsVerbose("sweep", "p.json", "--verbose"));
        assertFalse(Logging.wantsVerbose("sweep", "p.json"));
        assertFalse(Logging.wantsVerbose("sweep", "--", "--verbose"));
        assertFalse(Logging.wantsVerbose("sweep", "--verbose=false-ish"));
    }

    @Test
    void aNewLogFileKeepsTheNewestPreviousOnesAndLeavesOtherFilesAlone() throws Exception {
        Path logs = dir.resolve("logs");
        Files.createDirectories(logs);
        for (int i = 0; i < 12; i++) {
            Path f = Files.writeString(logs.resolve("rft-workbench-2026010" + (i % 10) + "-0000" + i + "-1.log"), "x");
            Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        Path other = Files.writeString(logs.resolve("notes.txt"), "mine");
        Path file = Logging.newLogFile(logs, LocalDateTime.of(2026, 12, 4, 15, 40, 5), 4242);
        assertEquals(logs.resolve("rft-workbench-20261204-154005-4242.log"), file);
        assertFalse(Files.exists(file), "created by the logger, not here");
        List<String> left;
        try (Stream<Path> s = Files.list(logs)) {
            left = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log")).sorted().toList();
        }
        assertEquals(Logging.KEEP_FILES - 1, left.size(), left.toString());
        // the three oldest by modification time (i = 0, 1, 2) are gone
        for (int i = 0; i < 3; i++) {
            assertFalse(left.contains("rft-workbench-2026010" + i + "-0000" + i + "-1.log"), left.toString());
        }
        assertTrue(Files.exists(other));
        assertTrue(Files.isDirectory(Logging.newLogFile(dir.resolve("fresh/logs"), LocalDateTime.now(), 1).getParent()));
    }
}
