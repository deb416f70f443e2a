package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.testutil.TinyProject;

/** {@code stragglers} and {@code sparsify} end to end on the tiny project. */
class StragglersSparsifyCliTest {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void sparsifyWritesBaselineStragglerAndControlPaths() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"), TinyProject.CLASSES, 16);
        Path json = dir.resolve("sparsify.json");
        Path csv = dir.resolve("sparsify.csv");
        CliRun r = run("sparsify", project.toString(), "--ratio", "0.5", "--top-k", "1", "--control", "--alphas", "0.5",
                "--out", json.toString(), "--csv", csv.toString(), "--cache-dir", dir.resolve("cache").toString(),
                "-q");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("cost: 3 paths x 3 alphas x 32 images"), r.err());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals("project.json", root.get("project").asText(), "relative to the project folder");
        assertEquals(1, root.get("targetGroups").size());
        assertEquals(1, root.get("controlGroups").size());
        assertFalse(root.get("targetGroups").get(0).equals(root.get("controlGroups").get(0)));
        JsonNode runs = root.get("runs");
        assertEquals(2, runs.size(), "stragglers, control");
        assertEquals("stragglers", runs.get(0).get("target").asText());
        assertEquals("control", runs.get(1).get("target").asText());
        assertTrue(runs.get(0).get("descriptor").asText().contains("ratio=0.5;seed=0;placement=task-vector"));
        JsonNode baseline = root.get("baseline");
        assertEquals(List.of(0.0, 0.5, 1.0), List.of(baseline.get("points").get(0).get("alpha").asDouble(),
                baseline.get("points").get(1).get("alpha").asDouble(),
                baseline.get("points").get(2).get("alpha").asDouble()));
        assertEquals(root.get("targetGroups"), runs.get(0).get("groups"));
        assertEquals(root.get("controlGroups"), runs.get(1).get("groups"));
        assertTrue(baseline.get("failure").has("gainOverZeroShot"));
        assertTrue(baseline.get("idLossBarrier").has("instability"));
        List<String> lines = Files.readAllLines(csv);
        assertEquals("target,placement,method,ratio,alpha,dataset,role,n,top1,top5,loss", lines.get(0));
        assertEquals(1 + 3 * 3 * 3, lines.size(), "3 paths x 3 alphas x (id, ood, avg_ood)");
        assertTrue(r.out().contains("G_zs"), r.out());
    }

    @Test
    void stragglersWritesHeatmapAndCriteria() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"), TinyProject.CLASSES, 16);
        Path json = dir.resolve("s.json");
        Path csv = dir.resolve("heat.csv");
        Path criteria = dir.resolve("criteria.csv");
        Path sharp = dir.resolve("sharp.json");
        Files.writeString(sharp, "{\"resblock 0\": 3.0, \"resblock 1\": 1.0, \"head\": 2.0}");
        CliRun r = run("stragglers", project.toString(), "--epsilon", "0.0", "--metric", "error", "--base", "a",
                "--alphas", "0,0.5,1", "--sharpness", sharp.toString(), "--out", json.toString(), "--csv",
                csv.toString(), "--criteria-csv", criteria.toString(), "--cache-dir", dir.resolve("cache").toString(),
                "-q");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("cost: 7 groups x 3 alphas: 15 evaluations of id (16 images each)"), r.err());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals("project.json", root.get("project").asText(), "relative to the project folder");
        assertEquals(7, root.get("groups").size());
        assertEquals(0.0, root.get("settings").get("baseAlpha").asDouble());
        assertEquals("error", root.get("settings").get("metric").asText());
        assertEquals(7 * 3, root.get("heatmap").size());
        assertTrue(root.get("groups").get(0).get("values").has("sharpness-ratio"));
        assertEquals(1 + 7 * 3, Files.readAllLines(csv).size());
        assertEquals("group,criterion,value,flagged,primary", Files.readAllLines(criteria).get(0));
        assertEquals(1 + 7 * 3, Files.readAllLines(criteria).size());
        assertTrue(r.out().contains("stragglers: "), r.out());
    }

    @Test
    void badOptionsAreOneLineErrors() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"), TinyProject.CLASSES, 16);
        CliRun r = run("sparsify", project.toString(), "--ratio", "0.3", "--groups", "nope", "--alphas", "0.5",
                "--cache-dir", dir.resolve("cache").toString(), "-q");
        assertEquals(Cli.EXIT_USER_ERROR, r.code());
        assertTrue(r.err().strip().startsWith("error: no layer group named 'nope'"), r.err());
        r = run("sparsify", project.toString(), "--ratio", "0.3", "--placement", "finetuned", "--rescale",
                "--groups", "head", "--alphas", "0.5", "--cache-dir", dir.resolve("cache").toString(), "-q");
        assertEquals(Cli.EXIT_USER_ERROR, r.code());
        assertTrue(r.err().strip().startsWith("error: ") && r.err().contains("task-vector placement only"), r.err());
        r = run("stragglers", project.toString(), "--criterion", "sharpness-ratio", "--alphas", "0.5",
                "--cache-dir", dir.resolve("cache").toString(), "-q");
        assertEquals(Cli.EXIT_USER_ERROR, r.code());
        assertTrue(r.err().strip().startsWith("error: ") && r.err().contains("needs per-group sharpness values"),
                r.err());
    }
}
