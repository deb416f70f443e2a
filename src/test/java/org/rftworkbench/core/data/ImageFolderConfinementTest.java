package org.rftworkbench.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.util.FileAccessPolicy;
import org.rftworkbench.testutil.TestPngs;

/** An image folder under a confining policy: links that lead outside the roots are refused at scan and at read. */
class ImageFolderConfinementTest {
    @TempDir
    Path dir;
    Path root;
    Path outside;
    FileAccessPolicy confined;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(dir.resolve("root"));
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.write(Files.createDirectories(outside.resolve("secret")).resolve("s.png"),
                TestPngs.oneBitPng(8));
        Files.write(Files.createDirectories(root.resolve("set/a")).resolve("a.png"), TestPngs.oneBitPng(8));
        confined = FileAccessPolicy.within(List.of(root));
    }

    @Test
    void aClassFolderLinkedOutsideIsRefusedNamingTheLinkNotItsTarget() throws Exception {
        Path link = Files.createSymbolicLink(root.resolve("set/b"), outside.resolve("secret"));
        assertEquals(2, ImageFolderSource.open(root.resolve("set"), "set").size(), "allowed without confinement");

        DataException e = assertThrows(DataException.class,
                () -> ImageFolderSource.open(root.resolve("set"), "set", confined));
        assertEquals(link + ": leads outside the server's roots (through a symbolic link); copy the data into a root"
                + " or add its folder as a --root", e.getMessage());
    }

    @Test
    void aSubFolderOrAnImageLinkedOutsideIsRefusedToo() throws Exception {
        Path sub = Files.createSymbolicLink(root.resolve("set/a/sub"), outside.resolve("secret"));
        DataException e = assertThrows(DataException.class,
                () -> ImageFolderSource.open(root.resolve("set"), "set", confined));
        assertTrue(e.getMessage().startsWith(sub + ": leads outside"), e.getMessage());

        Files.delete(sub);
        Path image = Files.createSymbolicLink(root.resolve("set/a/linked.png"), outside.resolve("secret/s.png"));
        DataException file = assertThrows(DataException.class,
                () -> ImageFolderSource.open(root.resolve("set"), "set", confined));
        assertTrue(file.getMessage().startsWith(image + ": leads outside"), file.getMessage());
    }

    @Test
    void linksInsideTheRootsAreFollowed() throws Exception {
        Path shared = Files.createDirectories(root.resolve("shared"));
        Files.write(shared.resolve("z.png"), TestPngs.oneBitPng(4));
        Files.createSymbolicLink(root.resolve("set/b"), shared);
        ImageFolderSource source = ImageFolderSource.open(root.resolve("set"), "set", confined);
        assertEquals(List.of("a", "b"), source.classNames());
        assertEquals(4, source.read(1).width());
        assertEquals(64, source.contentFingerprint().length());
    }

    @Test
    void anImageSwappedForALinkAfterTheScanIsRefusedWhenReadOrHashed() throws Exception {
        ImageFolderSource source = ImageFolderSource.open(root.resolve("set"), "set", confined);
        Path image = root.resolve("set/a/a.png");
        Files.delete(image);
        Files.createSymbolicLink(image, outside.resolve("secret/s.png"));

        DataException read = assertThrows(DataException.class, () -> source.read(0));
        assertTrue(read.getMessage().startsWith(image + ": leads outside"), read.getMessage());
        DataException hash = assertThrows(DataException.class, source::contentFingerprint);
        assertTrue(hash.getMessage().startsWith(image + ": leads outside"), hash.getMessage());
        // Without confinement the same source would read the linked file.
        assertEquals(8, ImageFolderSource.open(root.resolve("set"), "set").read(0).width());
    }
}
