package org.rftworkbench.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAccessPolicyTest {
    @TempDir
    Path dir;

    @Test
    void allowAllReturnsThePathUntouchedEvenWhenMissing() throws Exception {
        Path missing = dir.resolve("nothing/here");
        assertSame(missing, FileAccessPolicy.ALLOW_ALL.check(missing));
    }

    @Test
    void withinReturnsRealPathsInsideAndRefusesLinksOutMissingFilesAndLoops() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("f"), "x");
        Files.writeString(root.resolve("in"), "y");
        Path alias = Files.createSymbolicLink(root.resolve("alias"), root.resolve("in"));
        Path out = Files.createSymbolicLink(root.resolve("out"), outside.resolve("f"));
        Path loop = Files.createSymbolicLink(root.resolve("loop"), root.resolve("loop"));
        FileAccessPolicy policy = FileAccessPolicy.within(List.of(root));

        assertEquals(root.toRealPath().resolve("in"), policy.check(alias));
        assertEquals(out + ": leads outside the server's roots (through a symbolic link); copy the data into a root"
                + " or add its folder as a --root", assertThrows(FileAccessException.class, () -> policy.check(out))
                .getMessage());
        assertThrows(FileAccessException.class, () -> policy.check(outside.resolve("f")));
        assertEquals(root.resolve("gone") + ": not found",
                assertThrows(FileAccessException.class, () -> policy.check(root.resolve("gone"))).getMessage());
        assertThrows(FileAccessException.class, () -> policy.check(loop));
        // A sibling whose name starts like the root is not inside it.
        Path sibling = Files.createDirectories(dir.resolve("rootless"));
        assertThrows(FileAccessException.class, () -> policy.check(sibling));
    }
}
