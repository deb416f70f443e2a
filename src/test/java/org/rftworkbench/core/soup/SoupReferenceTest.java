package org.rftworkbench.core.soup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.checkpoint.Checkpoint;
import org.rftworkbench.core.checkpoint.CheckpointException;
import org.rftworkbench.core.checkpoint.CheckpointReader;
import org.rftworkbench.core.checkpoint.CheckpointTensor;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;

/**
 * The uniform and greedy soups of the pool sample against tools/reference/soups_reference.py (the independent
 * PyTorch model; held-out set: the sample's sharpness_train, 1,024 images): each run's held-out count, the greedy
 * order, every candidate's count and decision, the members, and the soups' weights (per-tensor float64 sums and the
 * first values, bit for bit), for every run and for the one-epoch learning-rate sweep.
 */
class SoupReferenceTest {
    private static final Path POOL = Path.of("sample-projects/fashion-clip-pool/project.json");
    private static final Path GOLDEN = Path.of("src/test/resources/golden/soups/pool_soups_golden.json");

    @TempDir
    Path dir;

    @Test
    void greedyAndUniformSoupsEqualTheReference() throws Exception {
        JsonNode golden = new ObjectMapper().readTree(GOLDEN.toFile());
        LoadedProject project = ProjectStore.load(POOL);
        String heldout = golden.get("heldout").asText();
        int n = golden.get("n").asInt();
        try (EmbeddedComputeService service = new EmbeddedComputeService(EmbeddedComputeService.Settings.of(
                dir.resolve("results"), dir.resolve("tensors")))) {
            SoupMaker maker = new SoupMaker(service, dir.resolve("work"), null);
            for (JsonNode pool : golden.get("pools")) {
                List<String> runs = new ArrayList<>();
                pool.get("runs").forEach(r -> runs.add(r.asText()));
                Path greedyFile = dir.resolve("greedy-" + runs.size() + ".safetensors");
                GreedySoup.Result r = maker.greedy(project, runs, heldout, false, greedyFile);
                for (GreedySoup.Scored s : r.individual()) {
                    assertEquals(golden.at("/individualCorrect/" + s.run()).asInt(), Math.round(s.score() * n),
                            "held-out count of " + s.run());
                }
                assertEquals(strings(pool.get("order")), r.order());
                for (int i = 0; i < r.candidates().size(); i++) {
                    JsonNode g = pool.get("candidates").get(i);
                    GreedySoup.Candidate c = r.candidates().get(i);
                    assertEquals(g.get("run").asText(), c.run());
                    assertEquals(g.get("correct").asInt(), Math.round(c.score() * n), "soup + " + c.run());
                    assertEquals(g.get("kept").asBoolean(), c.kept(), "decision on " + c.run());
                }
                assertEquals(strings(pool.get("members")), r.members());
                assertWeights(pool.get("greedy"), greedyFile);
                Path uniformFile = dir.resolve("uniform-" + runs.size() + ".safetensors");
                maker.uniform(project, runs, uniformFile);
                assertWeights(pool.get("uniform"), uniformFile);
            }
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static void assertWeights(JsonNode golden, Path file) throws Exception {
        try (Checkpoint c = CheckpointReader.open(file)) {
            assertEquals(golden.size(), c.tensors().size());
            for (CheckpointTensor t : c.tensors()) {
                JsonNode g = golden.get(t.name());
                FloatBuffer f = t.bytes().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                double sum = 0;
                for (int i = 0; i < f.limit(); i++) {
                    sum += f.get(i);
                }
                assertEquals(g.get("sum").asDouble(), sum, 1e-9 * Math.max(1, Math.abs(sum)), t.name());
                for (int i = 0; i < g.get("first").size(); i++) {
                    assertEquals((float) g.get("first").get(i).asDouble(), f.get(i), 0f, t.name() + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void ingredientsOfAnotherArchitectureAreOneLine() throws Exception {
        Path a = Path.of("sample-projects/fashion-clip-wiseft/checkpoints/zeroshot.safetensors");
        Path tiny = Path.of("src/test/resources/golden/tiny_vit/a.safetensors");
        CheckpointException e = assertThrows(CheckpointException.class, () -> WeightAverage.write(List.of(a, tiny),
                dir.resolve("x.safetensors"), java.util.Map.of()));
        assertTrue(e.getMessage().startsWith(tiny.toString()), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
