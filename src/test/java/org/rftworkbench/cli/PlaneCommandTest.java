package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.testutil.TinyPool;

/**
 * {@code plane} on a pool of the tiny model: JSON with A, B1 and B2 and one cell per grid point, CSV rows per
 * (point, dataset), the u axis equal to {@code sweep} of B1, a rerun served from the cache, {@code figures --plane}
 * drawing its three heatmaps, and one-line refusals.
 */
class PlaneCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void planeWritesJsonCsvAndTheTableAndItsAxisIsTheSweep() throws Exception {
        Path pool = TinyPool.create(dir.resolve("p"));
        String b1 = TinyPool.label(1);
        String b2 = TinyPool.label(2);
        Path out = dir.resolve("plane.json");
        Path csv = dir.resolve("plane.csv");
        String cache = dir.resolve("cache").toString();
        CliRun run = CliRun.of("plane", pool.toString(), "--b1", b1, "--b2", b2, "--grid", "-0.5:1.5:0.5",
                "--cache-dir", cache, "--out", out.toString(), "--csv", csv.toString(), "-q");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.lastErrLine().matches("cells: \\d+ computed, 0 from cache.*"), run.lastErrLine());
        JsonNode plane = JSON.readTree(out.toFile());
        assertEquals(List.of(-0.5, 0.0, 0.5, 1.0, 1.5), doubles(plane.get("us")));
        assertEquals(25, plane.get("cells").size());
        assertEquals(b2, plane.at("/provenance/endpointB2/label").asText());
        assertEquals(b1, plane.at("/provenance/endpointB1/label").asText());
        assertTrue(run.out().contains("v \\ u"), run.out());
        assertTrue(run.out().contains("best: "), run.out());
        int datasets = plane.get("cells").get(0).get("datasets").size();
        long oodRows = Files.readAllLines(csv).stream().filter(l -> l.contains(",avg_ood,")).count();
        assertEquals(1 + 25 * datasets + oodRows, Files.readAllLines(csv).size());

        // the u axis (v = 0) is the interpolation line of B1: sweep reads those cells from the plane's cache
        Path sweepOut = dir.resolve("sweep.json");
        CliRun sweep = CliRun.of("sweep", pool.toString(), "--run", b1, "--alphas", "-0.5:1.5:0.5", "--cache-dir",
                cache, "--out", sweepOut.toString(), "-q");
        assertEquals(0, sweep.code(), sweep.err());
        assertTrue(sweep.lastErrLine().matches("cells: 0 computed, \\d+ from cache.*"), sweep.lastErrLine());
        JsonNode points = JSON.readTree(sweepOut.toFile()).get("points");
        for (JsonNode p : points) {
            for (JsonNode c : plane.get("cells")) {
                if (c.get("v").asDouble() == 0 && c.get("u").asDouble() == p.get("alpha").asDouble()) {
                    assertEquals(p.get("datasets"), c.get("datasets"));
                }
            }
        }

        CliRun again = CliRun.of("plane", pool.toString(), "--b1", b1, "--b2", b2, "--grid", "-0.5:1.5:0.5",
                "--cache-dir", cache, "-q");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.lastErrLine().matches("cells: 0 computed, \\d+ from cache.*"), again.lastErrLine());
        assertEquals(run.out(), again.out());

        Path figures = dir.resolve("figures");
        CliRun drawn = CliRun.of("figures", pool.toString(), "--run", b1, "--out", figures.toString(), "--plane",
                out.toString(), "--format", "png", "--cache-dir", cache);
        assertEquals(0, drawn.code(), drawn.err());
        for (String name : List.of("plane-id-accuracy", "plane-ood-accuracy", "plane-id-loss")) {
            assertTrue(Files.size(figures.resolve(name + ".png")) > 1000, name);
            assertEquals(26, Files.readAllLines(figures.resolve(name + ".csv")).size(), name);
        }
    }

    @Test
    void refusalsAreOneLineNamingTheProblem() throws Exception {
        Path pool = TinyPool.create(dir.resolve("p"));
        String cache = dir.resolve("cache").toString();
        String b1 = TinyPool.label(1);
        CliRun same = CliRun.of("plane", pool.toString(), "--b1", b1, "--b2", b1, "--cache-dir", cache);
        assertEquals(Cli.EXIT_USER_ERROR, same.code());
        assertTrue(same.err().contains("run2") && same.err().strip().lines().count() == 1, same.err());
        CliRun unknown = CliRun.of("plane", pool.toString(), "--b2", "nope", "--cache-dir", cache);
        assertEquals(Cli.EXIT_USER_ERROR, unknown.code());
        assertTrue(unknown.err().contains("no run labelled 'nope'"), unknown.err());
        Path notPlane = dir.resolve("x.json");
        Files.writeString(notPlane, "{\"points\": []}");
        CliRun bad = CliRun.of("figures", pool.toString(), "--out", dir.resolve("f").toString(), "--plane",
                notPlane.toString(), "--cache-dir", cache);
        assertEquals(Cli.EXIT_USER_ERROR, bad.code());
        assertEquals("error: " + notPlane + ": not a `plane --out` result (us, vs, cells)", bad.err().strip());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asDouble()));
        return out;
    }
}
