package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The bundled sample project swept by the Java core equals the sweep its independent Python generator computed
 * (expected_python_sweep.json): same images, same weights, a different implementation of the model and the metrics.
 */
class SampleProjectParityTest {
    private static final Path SAMPLE = Path.of("sample-projects/fashion-clip-wiseft");

    @Test
    void sweepMatchesThePythonReference(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sweep.json");
        CommandLine cl = Cli.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        int code = cl.execute("sweep", SAMPLE.resolve("project.json").toString(), "--alphas", "0,0.3,0.5,1", "--out",
                out.toString(), "--cache-dir", dir.resolve("cache").toString(), "-q");
        assertEquals(0, code, err.toString());
        ObjectMapper mapper = new ObjectMapper();
        JsonNode expected = mapper.readTree(SAMPLE.resolve("expected_python_sweep.json").toFile());
        JsonNode points = mapper.readTree(out.toFile()).get("points");
        assertEquals(4, points.size());
        int compared = 0;
        for (JsonNode point : points) {
            String alpha = String.format(java.util.Locale.ROOT, "%.1f", point.get("alpha").asDouble());
            JsonNode reference = expected.get(alpha);
            for (Iterator<Map.Entry<String, JsonNode>> it = point.get("datasets").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode ref = reference.get(e.getKey());
                int n = ref.get("n").asInt();
                assertEquals(n, e.getValue().get("n").asInt(), e.getKey());
                // float32 logits from two implementations may flip a prediction that sits on a tie: allow one image
                double dTop1 = Math.abs(ref.get("top1").asDouble() - e.getValue().get("top1").asDouble());
                assertTrue(dTop1 <= 1.0 / n + 1e-12, alpha + " " + e.getKey() + " top1 differs by " + dTop1 * n
                        + " images");
                assertEquals(ref.get("loss").asDouble(), e.getValue().get("loss").asDouble(), 1e-4,
                        alpha + " " + e.getKey() + " loss");
                compared++;
            }
        }
        assertEquals(4 * 6, compared, "4 alphas x (1 ID + 5 OOD) datasets");
    }
}
