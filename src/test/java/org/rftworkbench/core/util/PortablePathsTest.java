package org.rftworkbench.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Paths inside the project folder become relative, others keep only their name, behind a marker. */
class PortablePathsTest {
    private static final Path FOLDER = Path.of("/home/alice/projects/clip");

    @Test
    void insideIsRelativeWithSlashes() {
        assertEquals("project.json", PortablePaths.relative(FOLDER, "/home/alice/projects/clip/project.json"));
        assertEquals("ckpt/b.safetensors",
                PortablePaths.relative(FOLDER, "/home/alice/projects/clip/data/../ckpt/b.safetensors"));
    }

    @Test
    void outsideKeepsOnlyTheName() {
        assertEquals("<outside project>/b.pt", PortablePaths.relative(FOLDER, "/home/alice/projects/b.pt"));
        assertEquals("<outside project>/x.pt", PortablePaths.relative(FOLDER, "/home/alice/projects/clipx/x.pt"),
                "a sibling folder with the same prefix is outside");
        assertEquals("<outside project>/a.st", PortablePaths.relative(null, "/srv/a.st"));
        assertEquals("<outside project>/a.st", PortablePaths.relative(FOLDER, "<outside project>/a.st"),
                "already portable");
        assertNull(PortablePaths.relative(FOLDER, null));
    }

    @Test
    void folderOfAProjectFile() {
        assertEquals(FOLDER, PortablePaths.folderOf("/home/alice/projects/clip/project.json"));
        assertNull(PortablePaths.folderOf(null));
    }
}
