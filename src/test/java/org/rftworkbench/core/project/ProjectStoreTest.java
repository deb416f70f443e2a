package org.rftworkbench.core.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.data.PreprocessConfig;
import org.rftworkbench.core.interpolate.AlphaOverrides;

class ProjectStoreTest {
    @TempDir
    Path dir;

    static ProjectSpec sample(String name) {
        return new ProjectSpec(ProjectSpec.FORMAT_VERSION, name, "test", new ProjectSpec.ModelSpec("model/config.json", null, null),
                new ProjectSpec.Endpoint("zero-shot", "a.safetensors"), new ProjectSpec.Endpoint("fine-tuned", "b.safetensors"),
                List.of("cat", "dog"), null, PreprocessConfig.clip(32),
                List.of(new ProjectSpec.DatasetEntry("id", ProjectSpec.Role.ID, ProjectSpec.Format.IDX, "data/x.gz", "data/y.gz",
                        null)),
                new ProjectSpec.AlphaGrid(0.0, 1.0, 0.1, null), List.of(new AlphaOverrides.Rule("head\\..*", 1.0)), 64);
    }

    @Test
    void roundTripsAndResolvesRelativePaths() throws Exception {
        Path file = dir.resolve("p/project.json");
        ProjectStore.save(sample("one"), file);
        LoadedProject loaded = ProjectStore.load(file);
        assertEquals(sample("one"), loaded.spec());
        assertEquals(dir.resolve("p/a.safetensors").toAbsolutePath(), loaded.resolve("a.safetensors"));
        assertEquals(List.of("cat", "dog"), loaded.classNames());
    }

    @Test
    void savingKeepsThePreviousVersionAsBackupAndLeavesNoTemporaryFiles() throws Exception {
        Path file = dir.resolve("project.json");
        ProjectStore.save(sample("first"), file);
        ProjectStore.save(sample("second"), file);
        assertEquals("second", ProjectStore.load(file).spec().name());
        assertEquals("first", ProjectStore.load(dir.resolve("project.json.bak")).spec().name());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("project.json", "project.json.bak"), files.map(p -> p.getFileName().toString()).sorted()
                    .toList());
        }
    }

    @Test
    void failedSaveLeavesTheOriginalIntact() throws Exception {
        Path file = dir.resolve("project.json");
        ProjectStore.save(sample("kept"), file);
        // a directory where the backup must go makes the save fail half-way
        Files.createDirectories(dir.resolve("project.json.bak/blocker"));
        assertThrows(ProjectException.class, () -> ProjectStore.save(sample("lost"), file));
        assertEquals("kept", ProjectStore.load(file).spec().name());
        try (Stream<Path> files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void newerFormatIsRefusedWithAClearMessage() throws Exception {
        Path file = dir.resolve("future.json");
        Files.writeString(file, "{\"formatVersion\": 99, \"name\": \"x\"}");
        ProjectException e = assertThrows(ProjectException.class, () -> ProjectStore.load(file));
        assertTrue(e.getMessage().startsWith(file.toAbsolutePath() + ": written by a newer RFT Workbench (format 99"),
                e.getMessage());
    }

    @Test
    void brokenFilesGiveOneLineErrors() throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"formatVersion\": 1, \"name\": ");
        ProjectException e = assertThrows(ProjectException.class, () -> ProjectStore.load(file));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        e = assertThrows(ProjectException.class, () -> ProjectStore.load(dir.resolve("missing.json")));
        assertTrue(e.getMessage().endsWith("missing.json: project file not found"), e.getMessage());
        Files.writeString(file, "{\"formatVersion\": 1, \"name\": \"x\", \"model\": {\"builtin\": \"ViT-B-32\"}}");
        e = assertThrows(ProjectException.class, () -> ProjectStore.load(file));
        assertTrue(e.getMessage().contains("endpointA and endpointB"), e.getMessage());
    }
}
