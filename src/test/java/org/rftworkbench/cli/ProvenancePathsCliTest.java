package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.util.Hashing;
import org.rftworkbench.testutil.TinyProject;

/**
 * Exported files carry no local folder names by default: `sweep --out/--csv` and `figures` (PDF, SVG, PNG, CSV, JSON)
 * on a project in a temporary folder, one endpoint outside the project folder. Paths are relative to the project
 * folder (or {@code <outside project>/NAME}) next to the files' SHA-256; {@code --absolute-paths} writes them whole.
 */
class ProvenancePathsCliTest {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** The tiny project with endpoint B moved to a sibling folder, and a heatmap input inside the project folder. */
    private Path project() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"));
        Files.createDirectories(dir.resolve("shared"));
        Files.move(dir.resolve("p/b.safetensors"), dir.resolve("shared/b.safetensors"));
        String json = Files.readString(project).replace("\"b.safetensors\"", "\"../shared/b.safetensors\"");
        assertTrue(json.contains("../shared/b.safetensors"), json);
        Files.writeString(project, json);
        Files.writeString(dir.resolve("p/heat.json"), """
                {"rows": ["block 0"], "alphas": [0.0, 1.0], "values": [[0, 1]], "stragglers": [],
                 "valueLabel": "instability (%)", "title": "Instability"}
                """);
        return project;
    }

    private List<Path> export(Path project, Path out, String... extra) {
        List<String> sweep = new ArrayList<>(List.of("sweep", project.toString(), "--alphas", "0,1", "--out",
                out.resolve("sweep.json").toString(), "--csv", out.resolve("sweep.csv").toString(), "--cache-dir",
                dir.resolve("cache").toString(), "-q"));
        sweep.addAll(List.of(extra));
        CliRun r = run(sweep.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        List<String> figures = new ArrayList<>(List.of("figures", project.toString(), "--out",
                out.resolve("figs").toString(), "--alphas", "0,1", "--dpi", "20", "--heatmap",
                dir.resolve("p/heat.json").toString(), "--cache-dir", dir.resolve("cache").toString(), "-q"));
        figures.addAll(List.of(extra));
        r = run(figures.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        try (Stream<Path> files = Files.walk(out)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String text(Path file) throws Exception {
        // PDF and PNG bytes as Latin-1: the metadata strings are ASCII, so a path in them shows up as is
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    }

    @Test
    void exportedFilesCarryRelativePathsAndHashesButNoLocalFolderNames() throws Exception {
        Path project = project();
        List<Path> files = export(project, dir.resolve("out"));
        assertEquals(2 + 2 * 5 + 5, files.size(), files.toString());
        String home = System.getProperty("user.home");
        String tmp = dir.toAbsolutePath().toString();
        for (Path f : files) {
            String t = text(f);
            assertFalse(t.contains(tmp), f + " contains " + tmp);
            if (home != null && home.length() > 1) {
                assertFalse(t.contains(home), f + " contains " + home);
            }
        }
        String shaA = Hashing.sha256(dir.resolve("p/a.safetensors"));
        String shaB = Hashing.sha256(dir.resolve("shared/b.safetensors"));
        JsonNode sweep = new ObjectMapper().readTree(dir.resolve("out/sweep.json").toFile());
        assertEquals("project.json", sweep.at("/provenance/project").asText());
        assertEquals("a.safetensors", sweep.at("/provenance/endpointA/path").asText());
        assertEquals(shaA, sweep.at("/provenance/endpointA/sha256").asText());
        assertEquals("<outside project>/b.safetensors", sweep.at("/provenance/endpointB/path").asText());
        assertEquals(shaB, sweep.at("/provenance/endpointB/sha256").asText());
        assertEquals(64, sweep.at("/provenance/datasets/id/contentKey").asText().length());
        JsonNode sidecar = new ObjectMapper().readTree(dir.resolve("out/figs/layer-heatmap.json").toFile());
        assertEquals("project.json", sidecar.at("/provenance/project").asText());
        assertEquals("<outside project>/b.safetensors", sidecar.at("/provenance/checkpoints/1/path").asText());
        assertEquals(shaB, sidecar.at("/provenance/checkpoints/1/sha256").asText());
        assertEquals("heat.json", sidecar.at("/provenance/sources/0/path").asText());
        assertEquals(Hashing.sha256(dir.resolve("p/heat.json")), sidecar.at("/provenance/sources/0/sha256").asText());
        for (String ext : List.of("pdf", "svg", "png")) {
            String t = text(dir.resolve("out/figs/accuracy-vs-alpha." + ext));
            assertTrue(t.contains(shaA) && t.contains(shaB), "hashes in the " + ext + " metadata");
        }
    }

    @Test
    void absolutePathsOnlyWhenAskedFor() throws Exception {
        Path project = project();
        export(project, dir.resolve("out"), "--absolute-paths");
        String projectPath = project.toAbsolutePath().normalize().toString();
        String b = dir.resolve("shared/b.safetensors").toAbsolutePath().normalize().toString();
        JsonNode sweep = new ObjectMapper().readTree(dir.resolve("out/sweep.json").toFile());
        assertEquals(projectPath, sweep.at("/provenance/project").asText());
        assertEquals(b, sweep.at("/provenance/endpointB/path").asText());
        for (String ext : List.of("pdf", "svg", "png", "json")) {
            String t = text(dir.resolve("out/figs/accuracy-vs-alpha." + ext));
            assertTrue(t.contains(projectPath), "absolute project path in the " + ext);
        }
        JsonNode sidecar = new ObjectMapper().readTree(dir.resolve("out/figs/layer-heatmap.json").toFile());
        assertEquals(dir.resolve("p/heat.json").toAbsolutePath().normalize().toString(),
                sidecar.at("/provenance/sources/0/path").asText());
    }
}
