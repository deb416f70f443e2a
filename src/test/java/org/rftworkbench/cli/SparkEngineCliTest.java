package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.testutil.CacheAudit;
import org.rftworkbench.testutil.TinyPool;

/**
 * {@code --engine spark --master local[2]} against the embedded service on the same requests: a study over a pool
 * (sweeps, straggler analyses and sharpness heatmaps of every run in one Spark job) and a sharpness heatmap give the
 * same results and leave byte-identical result caches; a rerun plans nothing and runs no Spark job.
 */
class SparkEngineCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] CHEAP = {"--alphas", "0,0.5,1", "--sharpness-alphas", "0,0.5,1", "-n", "16",
        "--steps", "2", "--resamples", "200", "-q"};
    private static final String[] SPARK = {"--engine", "spark", "--master", "local[2]", "--spark-conf",
        "spark.ui.enabled=false"};

    @TempDir
    Path dir;

    private CliRun run(String command, Path project, String cache, Path out, boolean spark,
            String... extra) {
        List<String> args = new ArrayList<>(List.of(command, project.toString(), "--cache-dir",
                dir.resolve(cache).toString(), "--out", out.toString()));
        args.addAll(List.of(extra));
        if (spark) {
            args.addAll(List.of(SPARK));
        }
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void studyAndSharpnessOnLocalSparkEqualTheEmbeddedServiceAndARerunComputesNothing() throws Exception {
        Path pool = TinyPool.create(dir.resolve("p"));
        CliRun embedded = run("study", pool, "embedded", dir.resolve("e.json"), false, CHEAP);
        assertEquals(0, embedded.code(), embedded.err());
        CliRun spark = run("study", pool, "spark", dir.resolve("s.json"), true, CHEAP);
        assertEquals(0, spark.code(), spark.err());
        // 5 runs x (3 sweep alphas + stragglers + 3 sharpness alphas), in one Spark job, at least a task per run
        assertTrue(spark.err().matches("(?s).*spark: 35 parts in [5-9] tasks: \\d+ cells or results computed on the "
                + "executors, 0 found cached there, 0 task attempts retried.*"), spark.err());
        assertTrue(spark.lastErrLine().matches("cells: 0 computed, \\d+ from cache.*"), spark.lastErrLine());
        JsonNode e = JSON.readTree(dir.resolve("e.json").toFile());
        JsonNode s = JSON.readTree(dir.resolve("s.json").toFile());
        for (String part : List.of("settings", "pairs", "associations", "summary")) {
            assertEquals(e.get(part), s.get(part), part);
        }
        assertEquals(embedded.out(), spark.out(), "the same table");
        CacheAudit.assertSameEntries(dir.resolve("embedded/results"), dir.resolve("spark/results"));

        // a sharpness heatmap the study did not compute (other alphas, layer groups, another dataset)
        String[] sharp = {"--run", "k2", "--alphas", "0.25,0.75", "-n", "16", "--steps", "2", "--samples", "10",
            "--dataset", "id", "-q"};
        CliRun se = run("sharpness", pool, "embedded", dir.resolve("she.json"), false, sharp);
        assertEquals(0, se.code(), se.err());
        CliRun ss = run("sharpness", pool, "spark", dir.resolve("shs.json"), true, sharp);
        assertEquals(0, ss.code(), ss.err());
        assertTrue(ss.lastErrLine().matches("cells: [1-9]\\d* computed, 0 from cache.*"), ss.lastErrLine());
        JsonNode he = JSON.readTree(dir.resolve("she.json").toFile());
        JsonNode hs = JSON.readTree(dir.resolve("shs.json").toFile());
        assertTrue(he.get("cells").size() > 2, "overall + layer groups at two alphas");
        assertEquals(he.get("cells").size(), hs.get("cells").size());
        for (int i = 0; i < he.get("cells").size(); i++) {
            JsonNode a = he.get("cells").get(i);
            JsonNode b = hs.get("cells").get(i);
            assertEquals(a.get("alpha"), b.get("alpha"));
            assertEquals(a.get("group"), b.get("group"));
            ((ObjectNode) a.get("value")).remove("seconds");
            ((ObjectNode) b.get("value")).remove("seconds");
            assertEquals(a.get("value"), b.get("value"), "the same measurement, bit for bit");
            assertTrue(b.get("fromCache").asBoolean(), "the driver read what the executors wrote");
        }
        CacheAudit.assertSameEntries(dir.resolve("embedded/results"), dir.resolve("spark/results"));

        // the rerun: nothing planned, no Spark task, the same study from the cache
        CliRun again = run("study", pool, "spark", dir.resolve("s2.json"), true, CHEAP);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("spark: 0 parts in 0 tasks: 0 cells or results computed"), again.err());
        assertEquals(spark.out(), again.out());
        assertEquals(s.get("pairs"), JSON.readTree(dir.resolve("s2.json").toFile()).get("pairs"));
    }
}
