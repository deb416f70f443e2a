package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.session.ProjectCheck;

/**
 * The committed pool sample (made by {@code make-sample --pool}; nothing is retrained here): a format-3 project of at
 * least 8 fine-tunes of the wiseft sample's A, varied in learning rate (10x or more), epochs, augmentation, label
 * smoothing and head-only training; every run checks out against A; one run's recorded reference sweep is what
 * {@code sweep --run} gives; the run made with the single-pair settings is the wiseft sample's B file and shares its
 * cached cells; the README quotes every run's endpoints.
 */
class PoolSampleTest {
    private static final Path POOL = Path.of("sample-projects/fashion-clip-pool");
    private static final Path WISEFT = Path.of("sample-projects/fashion-clip-wiseft");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void thePoolHasEightOrMoreRunsVariedTheWayTheLiteratureVariesThem() throws Exception {
        LoadedProject project = ProjectStore.load(POOL.resolve("project.json"));
        ProjectSpec p = project.spec();
        assertEquals(3, p.formatVersion());
        assertTrue(p.runs().size() >= 8, "runs: " + p.runLabels());
        assertEquals(WISEFT.resolve("checkpoints/zeroshot.safetensors").toAbsolutePath().normalize(),
                project.resolve(p.endpointA().path()), "the same zero-shot A as the single-pair samples");
        double minLr = Double.MAX_VALUE;
        double maxLr = 0;
        Set<Double> epochs = new TreeSet<>();
        Set<String> augment = new TreeSet<>();
        Set<Boolean> smoothed = new TreeSet<>();
        Set<String> trained = new TreeSet<>();
        for (ProjectSpec.Run run : p.runs()) {
            Map<String, Object> m = run.metadata();
            assertEquals(List.of("lr", "epochs", "augment", "labelSmoothing", "trained"), List.copyOf(m.keySet()),
                    run.label());
            double lr = ((Number) m.get("lr")).doubleValue();
            minLr = Math.min(minLr, lr);
            maxLr = Math.max(maxLr, lr);
            epochs.add(((Number) m.get("epochs")).doubleValue());
            augment.add((String) m.get("augment"));
            smoothed.add(((Number) m.get("labelSmoothing")).doubleValue() > 0);
            trained.add((String) m.get("trained"));
        }
        assertTrue(maxLr / minLr >= 10, "learning rates from " + minLr + " to " + maxLr);
        assertTrue(epochs.size() >= 2, "epochs " + epochs);
        assertEquals(Set.of("none", "strong"), augment);
        assertEquals(Set.of(false, true), smoothed);
        assertEquals(Set.of("full", "head"), trained);

        ProjectCheck check = ProjectCheck.run(project);
        assertTrue(check.ok(), String.join("\n", check.problems()));
        for (String label : p.runLabels()) {
            assertTrue(check.facts().stream().anyMatch(f -> f.startsWith("run (" + label + "): SAFETENSORS")),
                    label + " checked: " + check.facts());
        }
        JsonNode expected = JSON.readTree(POOL.resolve("expected_sweeps.json").toFile());
        for (String label : p.runLabels()) {
            assertEquals(11, expected.get(label).size(), label + ": alphas 0.0 .. 1.0 recorded");
        }
        // the recipe of the single-pair sample's B reproduced its weights exactly, so the pool refers to that file
        assertEquals("../fashion-clip-wiseft/checkpoints/finetuned.safetensors",
                p.run("lr5e-3").orElseThrow().path());
    }

    @Test
    void sweepingOneRunReproducesItsRecordedReference() throws Exception {
        Path out = dir.resolve("sweep.json");
        CliRun r = CliRun.of("sweep", POOL.resolve("project.json").toString(), "--run", "lr5e-3-aug",
                "--alphas", "0,0.5,1", "--out", out.toString(), "--cache-dir", dir.resolve("cache").toString(), "-q");
        assertEquals(0, r.code(), r.err());
        JsonNode expected = JSON.readTree(POOL.resolve("expected_sweeps.json").toFile()).get("lr5e-3-aug");
        JsonNode points = JSON.readTree(out.toFile()).get("points");
        assertEquals(3, points.size());
        int compared = 0;
        for (JsonNode point : points) {
            String alpha = String.format(Locale.ROOT, "%.1f", point.get("alpha").asDouble());
            JsonNode reference = expected.get(alpha);
            assertEquals(reference.size(), point.get("datasets").size(), "datasets at alpha " + alpha);
            for (Iterator<Map.Entry<String, JsonNode>> it = point.get("datasets").properties().iterator();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode ref = reference.get(e.getKey());
                String where = "lr5e-3-aug alpha " + alpha + " " + e.getKey();
                assertEquals(ref.get("n").asInt(), e.getValue().get("n").asInt(), where);
                assertEquals(ref.get("top1").asDouble(), e.getValue().get("top1").asDouble(), 0.0, where + " top1");
                assertEquals(ref.get("loss").asDouble(), e.getValue().get("loss").asDouble(), 1e-6, where + " loss");
                compared++;
            }
        }
        assertEquals(3 * 6, compared, "3 alphas x (1 ID + 5 OOD)");
    }

    @Test
    void theRunThatIsTheWiseftSamplesBSharesItsCachedCells() throws Exception {
        String cache = dir.resolve("cache").toString();
        CliRun single = CliRun.of("sweep", WISEFT.resolve("project.json").toString(), "--alphas", "0.5",
                "--cache-dir", cache, "-q");
        assertEquals(0, single.code(), single.err());
        assertEquals("cells: 6 computed, 0 from cache", single.lastErrLine());
        CliRun pooled = CliRun.of("sweep", POOL.resolve("project.json").toString(), "--run", "lr5e-3", "--alphas",
                "0.5", "--cache-dir", cache, "-q");
        assertEquals(0, pooled.code(), pooled.err());
        assertEquals("cells: 0 computed, 6 from cache", pooled.lastErrLine());
        assertEquals(single.out(), pooled.out());
    }

    @Test
    void theReadmeQuotesEveryRunsEndpoints() throws Exception {
        String readme = Files.readString(POOL.resolve("README.md"));
        JsonNode expected = JSON.readTree(POOL.resolve("expected_sweeps.json").toFile());
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> run = it.next();
            String row = String.format(Locale.ROOT, "| %s |", run.getKey());
            String ids = String.format(Locale.ROOT, "| %.2f → %.2f |", top1(run.getValue(), "0.0", "id_clean"),
                    top1(run.getValue(), "1.0", "id_clean"));
            String oods = String.format(Locale.ROOT, "| %.2f → %.2f |", avgOod(run.getValue().get("0.0")),
                    avgOod(run.getValue().get("1.0")));
            assertTrue(readme.lines().anyMatch(l -> l.startsWith(row) && l.contains(ids) && l.contains(oods)),
                    "README.md has no row " + row + " ... " + ids + " " + oods);
        }
    }

    private static double top1(JsonNode sweep, String alpha, String dataset) {
        return 100 * sweep.get(alpha).get(dataset).get("top1").asDouble();
    }

    private static double avgOod(JsonNode point) {
        double sum = 0;
        int n = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = point.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> set = it.next();
            if (set.getKey().startsWith("ood_")) {
                sum += 100 * set.getValue().get("top1").asDouble();
                n++;
            }
        }
        return sum / n;
    }
}
