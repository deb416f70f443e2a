package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.util.Hashing;
import org.rftworkbench.testutil.TinyProject;

/**
 * {@code --run LABEL} on a format-3 project of two runs (B, and A itself), against the single-pair project of the
 * same files: the selected pair sweeps exactly like the single pair and shares its cached cells; another run is
 * another pair; unknown labels are one line listing the runs; {@code inspect} lists the runs and checks each.
 */
class RunSelectionCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The tiny project (single pair) and, in the same folder, pool.json with runs "b" and "a-again". */
    private Path[] projects() throws Exception {
        Path single = TinyProject.create(dir.resolve("p"));
        ProjectSpec s = ProjectStore.load(single).spec();
        ProjectSpec pool = new ProjectSpec(ProjectSpec.FORMAT_VERSION, "pool", null, s.model(), s.endpointA(),
                List.of(new ProjectSpec.Run("b", "b.safetensors", metadata(0.001)),
                        new ProjectSpec.Run("a-again", "a.safetensors", metadata(0.0))),
                null, s.classes(), s.classesFile(), s.preprocess(), s.datasets(), s.alphaGrid(), s.layerAlphas(),
                s.batchSize());
        Path poolFile = dir.resolve("p/pool.json");
        ProjectStore.save(pool, poolFile);
        return new Path[] {single, poolFile};
    }

    private static Map<String, Object> metadata(double lr) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("lr", lr);
        m.put("augment", "none");
        return m;
    }

    private JsonNode sweep(Path project, String cache, String... extra) throws Exception {
        Path out = dir.resolve("out-" + System.nanoTime() + ".json");
        List<String> args = new java.util.ArrayList<>(List.of("sweep", project.toString(), "--alphas", "0,1",
                "--out", out.toString(), "--cache-dir", dir.resolve(cache).toString(), "-q"));
        args.addAll(List.of(extra));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        lastCacheLine = r.lastErrLine();
        return JSON.readTree(out.toFile());
    }

    private String lastCacheLine;

    @Test
    void theSelectedRunSweepsLikeTheSinglePairAndSharesItsCells() throws Exception {
        Path[] p = projects();
        JsonNode single = sweep(p[0], "cache-1");
        JsonNode byDefault = sweep(p[1], "cache-2");
        assertEquals(single.get("points"), byDefault.get("points"), "the first run is the default pair");
        JsonNode named = sweep(p[1], "cache-1", "--run", "b");
        assertEquals(single.get("points"), named.get("points"));
        assertEquals("cells: 0 computed, 4 from cache", lastCacheLine, "same files, same cells");
        assertEquals("b", named.at("/provenance/endpointB/label").asText());

        JsonNode other = sweep(p[1], "cache-1", "--run", "a-again");
        assertEquals("cells: 4 computed, 0 from cache", lastCacheLine, "a cell's key names both endpoints");
        assertEquals(Hashing.sha256(dir.resolve("p/a.safetensors")), other.at("/provenance/endpointB/sha256")
                .asText());
        JsonNode atA = other.get("points").get(0).get("datasets");
        JsonNode atB = other.get("points").get(1).get("datasets");
        assertEquals(atA, atB, "B = A: alpha 1 is alpha 0");
        assertNotEquals(single.get("points").get(1).get("datasets"), atB);
    }

    @Test
    void anUnknownRunIsOneLineListingTheRuns() throws Exception {
        Path[] p = projects();
        CliRun r = CliRun.of("sweep", p[1].toString(), "--run", "zz", "--cache-dir", dir.resolve("c").toString());
        assertEquals(Cli.EXIT_USER_ERROR, r.code());
        assertEquals("error: " + p[1].toAbsolutePath() + ": no run labelled 'zz' (runs: b, a-again)",
                r.err().strip().lines().findFirst().orElse(""));
        r = CliRun.of("stragglers", p[1].toString(), "--run", "zz", "--cache-dir", dir.resolve("c").toString());
        assertEquals(Cli.EXIT_USER_ERROR, r.code());
        assertTrue(r.err().contains("no run labelled 'zz' (runs: b, a-again)"), r.err());
    }

    @Test
    void inspectListsTheRunsChecksEachAndShowsOneRunsTensors() throws Exception {
        Path[] p = projects();
        CliRun r = CliRun.of("inspect", p[1].toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Runs:        2 (* = selected, endpoint B of the pair)"), r.out());
        assertTrue(r.out().contains("  * b        b.safetensors   lr=0.001 augment=none"), r.out());
        assertTrue(r.out().contains("    a-again  a.safetensors   lr=0.0 augment=none"), r.out());
        assertTrue(r.out().contains("Check:       ok (headers only)"), r.out());
        assertTrue(r.out().contains("run (b): SAFETENSORS"), r.out());
        assertTrue(r.out().contains("run (a-again): SAFETENSORS"), r.out());

        r = CliRun.of("inspect", p[1].toString(), "--json");
        JsonNode json = JSON.readTree(r.out());
        assertTrue(json.get("ok").asBoolean());
        assertEquals(2, json.get("runs").size());
        assertTrue(json.get("runs").get(0).get("selected").asBoolean());
        assertFalse(json.get("runs").get(1).get("selected").asBoolean());
        assertEquals(0.001, json.get("runs").get(0).get("metadata").get("lr").asDouble());

        CliRun runTensors = CliRun.of("inspect", p[1].toString(), "--run", "a-again");
        CliRun fileTensors = CliRun.of("inspect", dir.resolve("p/a.safetensors").toString());
        assertEquals(0, runTensors.code(), runTensors.err());
        assertEquals(fileTensors.out(), runTensors.out());

        CliRun wrong = CliRun.of("inspect", dir.resolve("p/a.safetensors").toString(), "--run", "b");
        assertEquals(Cli.EXIT_USER_ERROR, wrong.code());
        assertTrue(wrong.err().contains("--run applies to a project file, not a checkpoint"), wrong.err());

        // a single-pair project is listed as before: one run, the check's facts call it B
        r = CliRun.of("inspect", p[0].toString());
        assertTrue(r.out().contains("B (fine-tuned): SAFETENSORS"), r.out());
    }
}
