package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.testutil.TinyProject;

/**
 * Non-finite values and request limits on the command line: a checkpoint with NaN is refused by default naming the
 * tensor, and with --allow-non-finite its NaN logits count as wrong (not 100%) and are counted; out-of-range
 * values are one line naming the option, exit 2, before any work starts.
 */
class NumbersCliTest {
    private static final String NAN_TENSOR = "classification_head.bias";

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private String cache() {
        return dir.resolve("cache").toString();
    }

    private static void assertOneLineError(CliRun r, String... fragments) {
        assertEquals(Cli.EXIT_USER_ERROR, r.code(), r.err());
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), r.err());
        for (String f : fragments) {
            assertTrue(lines.get(0).contains(f), "'" + f + "' in: " + lines.get(0));
        }
        assertFalse(lines.get(0).contains("Exception"), lines.get(0));
    }

    @Test
    void checkpointWithNanIsRefusedByDefaultNamingTheTensor() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"));
        poisonWithNan(dir.resolve("p/b.safetensors"), NAN_TENSOR);
        CliRun r = run("sweep", project.toString(), "--alphas", "0,0.5", "--cache-dir", cache(), "-q");
        assertOneLineError(r, "b.safetensors", NAN_TENSOR, "--allow-non-finite");
        CliRun st = run("stragglers", project.toString(), "--alphas", "0.5", "--cache-dir", cache(), "-q");
        assertOneLineError(st, "b.safetensors", NAN_TENSOR);
    }

    @Test
    void sparsifyRefusesANanCheckpointUnlessAllowedAndThenRunsEveryStep() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"));
        poisonWithNan(dir.resolve("p/b.safetensors"), NAN_TENSOR);
        CliRun refused = run("sparsify", project.toString(), "--ratio", "0.5", "--top-k", "1", "--alphas", "0.5",
                "--cache-dir", cache(), "-q");
        assertOneLineError(refused, "b.safetensors", NAN_TENSOR);
        // the layout, the baseline and each sparsified path are separate requests: each must carry the flag
        CliRun allowed = run("sparsify", project.toString(), "--ratio", "0.5", "--groups", "resblock 0", "--control",
                "--alphas", "0.5", "--allow-non-finite", "--cache-dir", cache(), "-q");
        assertEquals(0, allowed.code(), allowed.err());
        assertTrue(allowed.err().contains("warning: ") && allowed.err().contains(NAN_TENSOR), allowed.err());
        // with NaN everywhere the instability finds no straggler: a plain error, not a request field name
        CliRun none = run("sparsify", project.toString(), "--ratio", "0.5", "--top-k", "1", "--alphas", "0.5",
                "--allow-non-finite", "--cache-dir", cache(), "-q");
        assertEquals(Cli.EXIT_USER_ERROR, none.code(), none.err());
        assertTrue(none.err().contains("no straggler groups") && none.err().contains("--groups"), none.err());
    }

    @Test
    void allowNonFiniteGivesWrongNotCorrectRowsCountedInJsonAndCsvWithAWarning() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"));
        poisonWithNan(dir.resolve("p/b.safetensors"), NAN_TENSOR);
        Path json = dir.resolve("out.json");
        Path csv = dir.resolve("out.csv");
        CliRun r = run("sweep", project.toString(), "--alphas", "0,0.5,1", "--allow-non-finite", "--out",
                json.toString(), "--csv", csv.toString(), "--cache-dir", cache(), "-q");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("warning: ") && r.err().contains(NAN_TENSOR), r.err());
        assertTrue(r.err().contains("gave NaN/Inf logits"), r.err());
        JsonNode points = new ObjectMapper().readTree(json.toFile()).get("points");
        for (JsonNode p : points) {
            for (String set : List.of("id", "ood")) {
                JsonNode m = p.get("datasets").get(set);
                // torch.lerp gives NaN wherever B is NaN, even at alpha 0 (A + 0 * NaN): every row has a NaN logit
                assertEquals(40, m.get("nonFinite").asLong(), p.toString());
                assertEquals(0.0, m.get("top1").asDouble(), "NaN rows are wrong, not 100%: " + p);
                assertEquals(0.0, m.get("top5").asDouble(), p.toString());
            }
        }
        List<String> lines = Files.readAllLines(csv);
        assertEquals("alpha,dataset,role,n,top1,top5,loss,nonFinite", lines.get(0));
        assertTrue(lines.get(1).endsWith(",40"), lines.get(1));
    }

    @Test
    void finiteCheckpointsReportZeroNonFinite() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"));
        Path json = dir.resolve("out.json");
        CliRun r = run("sweep", project.toString(), "--alphas", "0.5", "--out", json.toString(), "--cache-dir", cache(),
                "-q");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("warning"), r.err());
        assertEquals(0, new ObjectMapper().readTree(json.toFile()).get("points").get(0).get("datasets").get("id")
                .get("nonFinite").asLong());
    }

    @Test
    void outOfRangeValuesAreOneLineNamingTheOption() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"));
        String p = project.toString();
        assertOneLineError(run("sweep", p, "--alphas", "1e308", "--cache-dir", cache()), "--alphas", "1.0E308");
        assertOneLineError(run("sweep", p, "--alphas=1e30", "--cache-dir", cache()), "--alphas", "|alpha| <= 100");
        assertOneLineError(run("sweep", p, "--alphas", "0,0.5,-101", "--cache-dir", cache()), "--alphas",
                "alphas[2]");
        assertOneLineError(run("sweep", p, "--batch-size", "1000000", "--cache-dir", cache()), "--batch-size",
                "4096", "1000000");
        assertOneLineError(run("sweep", p, "--batch-size", "0", "--cache-dir", cache()), "--batch-size");
        assertOneLineError(run("sweep", p, "--datasets", "nope", "--cache-dir", cache()), "--datasets", "'nope'");
        assertOneLineError(run("sweep", p, "--layer-alpha", "head=1e300", "--cache-dir", cache()),
                "--layer-alpha");
        assertOneLineError(run("sharpness", p, "--dataset", "id", "--rho", "0", "--cache-dir", cache()), "--rho");
        assertOneLineError(run("sharpness", p, "--dataset", "id", "--steps", "100000000", "--cache-dir", cache()),
                "--steps");
        assertOneLineError(run("stragglers", p, "--alphas", "0.5", "--base", "1e10", "--cache-dir", cache()),
                "--base");
        assertOneLineError(run("sparsify", p, "--ratio", "0.1", "--alphas", "0.5", "--batch-size", "5000",
                "--cache-dir", cache()), "--batch-size");
        assertFalse(Files.exists(dir.resolve("cache/results")), "nothing was computed");
    }

    @Test
    void theSampleReproWithHugeAlphaIsACleanExit2Line() {
        CliRun r = run("sweep", "sample-projects/fashion-clip-wiseft/project.json", "--alphas=1e30", "--cache-dir",
                cache());
        assertOneLineError(r, "--alphas", "1.0E30");
    }

    @Test
    void aProjectBatchSizeAboveTheCapIsNamedWithTheProjectFile() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"));
        Files.writeString(project, Files.readString(project).replaceAll("\"batchSize\"\\s*:\\s*16",
                "\"batchSize\" : 1000000"));
        assertOneLineError(run("sweep", project.toString(), "--cache-dir", cache()), "project.json", "batchSize");
    }

    /** Writes NaN into the first element of one float32 tensor of a safetensors file, in place. */
    static void poisonWithNan(Path file, String tensor) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) buf.getLong(0);
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, headerLength, StandardCharsets.UTF_8));
        JsonNode entry = header.get(tensor);
        assertEquals("F32", entry.get("dtype").asText());
        int start = 8 + headerLength + entry.get("data_offsets").get(0).asInt();
        buf.putFloat(start, Float.NaN);
        Files.write(file, bytes);
    }
}
