package org.rftworkbench.core.interpolate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.eval.PlaneResult;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.service.PlaneRequest;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;

/**
 * Plane cells against tools/reference/plane_reference.py, the independent PyTorch model evaluated at three-way
 * interpolations theta = A + u (B1 - A) + v (B2 - A) of the pool sample (A zero-shot, B1 lr5e-3, B2 lr5e-3-aug):
 * every dataset's correct and top-5 counts exactly, the mean loss to float rounding, at nine points on and off the
 * axes, inside and outside the triangle.
 */
class PlaneReferenceTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/plane/pool_plane_golden.json");

    @TempDir
    Path dir;

    @Test
    void planeCellsEqualTheReferenceThreeWayInterpolations() throws Exception {
        JsonNode golden = new ObjectMapper().readTree(GOLDEN.toFile());
        String project = golden.get("project").asText();
        String b1 = golden.get("b1").asText();
        String b2 = golden.get("b2").asText();
        try (EmbeddedComputeService service = new EmbeddedComputeService(EmbeddedComputeService.Settings.of(
                dir.resolve("results"), dir.resolve("tensors")))) {
            for (JsonNode point : golden.get("points")) {
                double u = point.get("u").asDouble();
                double v = point.get("v").asDouble();
                PlaneResult r = service.analyze(new PlaneRequest(project, b1, b2, List.of(u), List.of(v), null, null,
                        false), Priority.USER, null, e -> { }).result().get(5, TimeUnit.MINUTES);
                PlaneResult.Cell cell = r.cells().get(0);
                String where = "(u, v) = (" + u + ", " + v + ")";
                JsonNode datasets = point.get("datasets");
                assertEquals(datasets.size(), cell.datasets().size(), where);
                for (Iterator<Map.Entry<String, JsonNode>> it = datasets.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    SweepResult.Metrics m = cell.datasets().get(e.getKey());
                    JsonNode g = e.getValue();
                    int n = g.get("n").asInt();
                    assertEquals(n, m.n(), where + " " + e.getKey());
                    assertEquals(g.get("correct").asLong(), Math.round(m.top1() * n), where + " " + e.getKey());
                    assertEquals(g.get("top5").asLong(), Math.round(m.top5() * n), where + " " + e.getKey() + " top-5");
                    assertEquals(g.get("loss").asDouble(), m.loss(), 1e-5 * Math.max(1, m.loss()),
                            where + " " + e.getKey() + " loss");
                }
                assertEquals(point.get("avgOodTop1").asDouble(), cell.avgOodTop1(), 1e-12, where);
            }
        }
    }
}
