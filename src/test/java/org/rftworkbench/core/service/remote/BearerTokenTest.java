package org.rftworkbench.core.service.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.RftException;

class BearerTokenTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void readsTheFirstLineWithoutWhitespace() throws Exception {
        Path f = Files.writeString(dir.resolve("t"), "  " + TOKEN + " \r\nsecond line\n");
        assertEquals(TOKEN, BearerToken.readFile(f));
    }

    @Test
    void refusesMissingEmptyAndShortTokens() throws Exception {
        RftException missing = assertThrows(RftException.class, () -> BearerToken.readFile(dir.resolve("none")));
        assertTrue(missing.getMessage().endsWith("token file not found"), missing.getMessage());
        assertThrows(RftException.class, () -> BearerToken.readFile(Files.writeString(dir.resolve("e"), "\n")));
        assertThrows(RftException.class, () -> BearerToken.readFile(Files.writeString(dir.resolve("s"), "abc")));
        assertThrows(RftException.class, () -> BearerToken.of("too-short"));
    }

    @Test
    void matchesOnlyTheExactBearerToken() throws Exception {
        BearerToken t = BearerToken.of(TOKEN);
        assertTrue(t.matchesHeader("Bearer " + TOKEN));
        assertTrue(t.matchesHeader("bearer " + TOKEN), "the scheme is case-insensitive");
        assertFalse(t.matchesHeader(null));
        assertFalse(t.matchesHeader(TOKEN));
        assertFalse(t.matchesHeader("Basic " + TOKEN));
        assertFalse(t.matchesHeader("Bearer " + TOKEN.substring(1)));
        assertFalse(t.matchesHeader("Bearer " + TOKEN + "0"));
        assertFalse(t.matchesHeader("Bearer " + TOKEN.toUpperCase()));
        assertFalse(t.toString().contains(TOKEN));
    }

    @Test
    void detectsTokenFilesOthersCanRead() throws Exception {
        Path f = Files.writeString(dir.resolve("t"), TOKEN);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertTrue(BearerToken.isReadableByOthers(f));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        assertFalse(BearerToken.isReadableByOthers(f));
    }
}
