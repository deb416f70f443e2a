package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The shipped sample projects, swept by the CLI, reproduce the reference sweep that {@code make-sample} recorded when
 * it generated them ({@code expected_sweep.json}: same top-1 counts, loss within 1e-6), and their README tables quote
 * those numbers for every alpha. Nothing is retrained: this
 * reads the committed checkpoints and evaluation sets.
 */
class SampleProjectsTest {
    private static final Path SAMPLES = Path.of("sample-projects");

    @ParameterizedTest
    @ValueSource(strings = {"fashion-clip-wiseft", "fashion-clip-failure"})
    void sweepReproducesTheRecordedReference(String name, @TempDir Path dir) throws Exception {
        Path project = SAMPLES.resolve(name);
        Path out = dir.resolve("sweep.json");
        CommandLine cl = Cli.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        int code = cl.execute("sweep", project.resolve("project.json").toString(), "--alphas", "0,0.5,1",
                "--out", out.toString(), "--cache-dir", dir.resolve("cache").toString(), "-q");
        assertEquals(0, code, err.toString());
        ObjectMapper mapper = new ObjectMapper();
        JsonNode expected = mapper.readTree(project.resolve("expected_sweep.json").toFile());
        String readme = Files.readString(project.resolve("README.md"));
        JsonNode points = mapper.readTree(out.toFile()).get("points");
        assertEquals(3, points.size());
        int compared = 0;
        for (JsonNode point : points) {
            String alpha = String.format(Locale.ROOT, "%.1f", point.get("alpha").asDouble());
            JsonNode reference = expected.get(alpha);
            assertEquals(reference.size(), point.get("datasets").size(), "datasets at alpha " + alpha);
            for (Iterator<Map.Entry<String, JsonNode>> it = point.get("datasets").properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode ref = reference.get(e.getKey());
                String where = name + " alpha " + alpha + " " + e.getKey();
                assertEquals(ref.get("n").asInt(), e.getValue().get("n").asInt(), where);
                assertEquals(ref.get("top1").asDouble(), e.getValue().get("top1").asDouble(), 0.0, where + " top1");
                assertEquals(ref.get("loss").asDouble(), e.getValue().get("loss").asDouble(), 1e-6, where + " loss");
                compared++;
            }
        }
        assertTrue(compared >= 3 * 6, "3 alphas x (1 ID + at least 5 OOD) datasets, got " + compared);
        assertReadmeQuotes(expected, readme, name);
    }

    /** Every alpha of the reference sweep has its README table row: "| alpha | ID |" ... "| **avg OOD** |". */
    private static void assertReadmeQuotes(JsonNode expected, String readme, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> point = it.next();
            double oodSum = 0;
            int ood = 0;
            for (Iterator<Map.Entry<String, JsonNode>> sets = point.getValue().properties().iterator(); sets.hasNext(); ) {
                Map.Entry<String, JsonNode> set = sets.next();
                if (set.getKey().startsWith("ood_")) {
                    oodSum += set.getValue().get("top1").asDouble();
                    ood++;
                }
            }
            String start = String.format(Locale.ROOT, "| %s | %.2f |", point.getKey(),
                    100 * point.getValue().get("id_clean").get("top1").asDouble());
            String end = String.format(Locale.ROOT, "| **%.2f** |", 100 * oodSum / ood);
            boolean found = readme.lines().anyMatch(l -> l.startsWith(start) && l.endsWith(end));
            assertTrue(found, name + "/README.md has no table row " + start + " ... " + end);
        }
    }
}
