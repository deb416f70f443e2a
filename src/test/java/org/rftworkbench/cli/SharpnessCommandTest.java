package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.service.cache.ResultCache;
import org.rftworkbench.testutil.TinyProject;
import picocli.CommandLine;

class SharpnessCommandTest {
    private static String[] run(String... args) {
        CommandLine cl = Cli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void writesTidyJsonAndCsvAfterACostEstimateAndReusesCells(@TempDir Path dir) throws Exception {
        Path project = TinyProject.create(dir.resolve("p"));
        String[] args = {"sharpness", project.toString(), "--dataset", "id", "-n", "8", "-m", "8", "--steps", "2",
            "--alphas", "0,1", "--groups", "none", "--out", dir.resolve("s.json").toString(), "--csv",
            dir.resolve("s.csv").toString(), "--cache-dir", dir.resolve("cache").toString(), "-q"};
        String[] r = run(args);
        assertEquals("0", r[0], r[2]);
        assertTrue(r[2].contains("cost: 2 cells x 1 batches x 2 forward+backward = 4 passes"), r[2]);
        assertTrue(r[1].contains("overall"), r[1]);
        assertEquals("cells: 2 computed, 0 from cache", r[2].strip().lines().reduce((a, b) -> b).orElse(""));
        JsonNode json = new ObjectMapper().readTree(dir.resolve("s.json").toFile());
        assertEquals(2, json.get("cells").size());
        assertEquals(8, json.get("rows").size());
        assertEquals("WORST_CASE", json.get("settings").get("definition").asText());
        assertEquals(0.001, json.get("settings").get("rho").asDouble());
        assertEquals(9, Files.readAllLines(dir.resolve("s.csv")).size());
        // both cells are in the shared, content-addressed result cache that sweeps and the app also use
        assertEquals(2, new ResultCache(dir.resolve("cache/results")).entryCount());

        String[] again = run(args);
        assertEquals("0", again[0], again[2]);
        JsonNode second = new ObjectMapper().readTree(dir.resolve("s.json").toFile());
        assertTrue(second.get("cells").get(1).get("fromCache").asBoolean());
        assertEquals("cells: 0 computed, 2 from cache", again[2].strip().lines().reduce((a, b) -> b).orElse(""));
        assertEquals(r[1], again[1], "the same table from the cache");
        String[] recompute = run(java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--no-resume")).toArray(String[]::new));
        assertEquals("cells: 2 computed, 0 from cache",
                recompute[2].strip().lines().reduce((a, b) -> b).orElse(""), "--no-resume recomputes");
    }

    @Test
    void badSettingsAreOneLineErrors(@TempDir Path dir) throws Exception {
        Path project = TinyProject.create(dir.resolve("p"));
        String[] r = run("sharpness", project.toString(), "--norm", "l3", "--dataset", "id");
        assertEquals("2", r[0]);
        assertTrue(r[2].strip().lines().count() == 1 && r[2].contains("l3"), r[2]);
        String[] noSet = run("sharpness", project.toString(), "--cache-dir", dir.resolve("c").toString());
        assertEquals("2", noSet[0]);
        assertTrue(noSet[2].contains("no dataset with role 'sharpness'"), noSet[2]);
    }
}
