package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.checkpoint.ByteBufferTensor;
import org.rftworkbench.core.checkpoint.Checkpoint;
import org.rftworkbench.core.checkpoint.CheckpointReader;
import org.rftworkbench.core.checkpoint.CheckpointTensor;
import org.rftworkbench.core.checkpoint.SafetensorsWriter;
import org.rftworkbench.core.util.Hashing;
import org.rftworkbench.testutil.TinyProject;

/** The command line end to end on a tiny project: results, provenance, and one-line errors with exit code 2. */
class CliTest {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private String cache() {
        return dir.resolve("cache").toString();
    }

    @Test
    void sweepWritesJsonCsvAndProvenance() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"));
        Path json = dir.resolve("out/results.json");
        Path csv = dir.resolve("out/results.csv");
        CliRun r = run("sweep", project.toString(), "--alphas", "0:1:0.5", "--out", json.toString(), "--csv",
                csv.toString(), "--cache-dir", cache(), "-q");
        assertEquals(0, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(3, root.get("points").size());
        assertEquals(0.5, root.get("points").get(1).get("alpha").asDouble());
        JsonNode id = root.get("points").get(0).get("datasets").get("id");
        assertEquals(40, id.get("n").asInt());
        assertTrue(id.get("top1").asDouble() >= 0 && id.get("top1").asDouble() <= 1);
        assertTrue(root.get("points").get(0).has("avgOodTop1"));
        assertEquals(Hashing.sha256(dir.resolve("p/a.safetensors")),
                root.get("provenance").get("endpointA").get("sha256").asText());
        assertEquals("zero-shot", root.get("provenance").get("endpointA").get("label").asText());
        assertEquals(64, root.get("provenance").get("datasets").get("id").get("contentKey").asText().length());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("alpha,dataset,role,n,top1,top5,loss,nonFinite", lines.get(0));
        assertEquals(1 + 3 * 3, lines.size(), "id + ood + avg_ood rows per alpha");
        assertTrue(r.out().contains("avg_ood"), r.out());
    }

    @Test
    void headWithOtherClassCountIsAOneLineError() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"), TinyProject.CLASSES.subList(0, 9), 20);
        CliRun r = run("sweep", project.toString(), "--cache-dir", cache());
        assertEquals(Cli.EXIT_USER_ERROR, r.code());
        assertOneLineError(r, "head has 10 classes but the project lists 9");
    }

    @Test
    void configThatDoesNotMatchTheCheckpointIsNamed() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"));
        Path config = dir.resolve("p/config_quickgelu.json");
        Files.writeString(config, Files.readString(config).replace("\"layers\": 2", "\"layers\": 3"));
        CliRun r = run("sweep", project.toString(), "--cache-dir", cache());
        assertEquals(Cli.EXIT_USER_ERROR, r.code());
        assertOneLineError(r, "checkpoint does not match the model config");
        assertTrue(r.err().contains("missing visual.transformer.resblocks.2."), r.err());
    }

    @Test
    void emptyDatasetIsRefused() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"));
        TinyProject.writeIdx(dir.resolve("p/data/ood-images.gz"), dir.resolve("p/data/ood-labels.gz"), 0, 3);
        CliRun r = run("sweep", project.toString(), "--cache-dir", cache());
        assertEquals(Cli.EXIT_USER_ERROR, r.code());
        assertOneLineError(r, "ood-images.gz");
        assertTrue(r.err().contains("no images"), r.err());
    }

    @Test
    void missingCheckpointAndMissingProjectAreNamed() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"));
        Files.delete(dir.resolve("p/b.safetensors"));
        CliRun r = run("sweep", project.toString(), "--cache-dir", cache());
        assertEquals(Cli.EXIT_USER_ERROR, r.code());
        assertOneLineError(r, "b.safetensors: checkpoint not found");
        r = run("sweep", dir.resolve("nope.json").toString());
        assertOneLineError(r, "nope.json: project file not found");
        r = run("inspect", dir.resolve("nope.safetensors").toString());
        assertEquals(Cli.EXIT_USER_ERROR, r.code());
        assertOneLineError(r, "nope.safetensors");
    }

    @Test
    void nonFiniteWeightsAreRefusedByNameOrWarnedAboutWhenAllowed() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"));
        rewrite(dir.resolve("p/b.safetensors"), "visual.proj", true);
        CliRun r = run("sweep", project.toString(), "--alphas", "0", "--cache-dir", cache(), "-q");
        assertOneLineError(r, "b.safetensors: NaN/Inf in 1 tensor: visual.proj");
        r = run("sweep", project.toString(), "--alphas", "0", "--allow-non-finite", "--cache-dir", cache(), "-q");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("warning: ") && r.err().contains("NaN/Inf in 1 tensor: visual.proj"), r.err());
    }

    @Test
    void diffReportsBlocksAndRefusesIncompatibleEndpoints() throws Exception {
        TinyProject.create(dir.resolve("p"));
        Path a = dir.resolve("p/a.safetensors");
        CliRun r = run("diff", a.toString(), dir.resolve("p/b.safetensors").toString(), "--blocks");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("resblock 1"), r.out());
        assertTrue(r.out().contains("head"), r.out());
        Path other = dir.resolve("other.safetensors");
        Files.copy(dir.resolve("p/b.safetensors"), other);
        rewrite(other, "visual.ln_post.bias", false);
        r = run("diff", a.toString(), other.toString());
        assertEquals(Cli.EXIT_USER_ERROR, r.code());
        assertOneLineError(r, "endpoints cannot be interpolated: visual.ln_post.bias shape (64) in A vs (65) in B");
    }

    @Test
    void stackTracesOnlyWithDebug() throws Exception {
        CliRun plain = run("sweep", dir.resolve("missing.json").toString());
        assertFalse(plain.err().contains("\tat "), plain.err());
        CliRun debug = run("--debug", "sweep", dir.resolve("missing.json").toString());
        assertTrue(debug.err().contains("\tat "), debug.err());
        assertEquals(Cli.EXIT_USER_ERROR, debug.code());
    }

    private static void assertOneLineError(CliRun r, String expected) {
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, "exactly one line: " + r.err());
        assertTrue(lines[0].startsWith("error: ") && lines[0].contains(expected), r.err());
    }

    /** Rewrites one tensor of a safetensors file: NaN in its first element, or one extra element (wrong shape). */
    private static void rewrite(Path file, String name, boolean nan) throws Exception {
        List<CheckpointTensor> tensors = new ArrayList<>();
        try (Checkpoint c = CheckpointReader.open(file)) {
            for (CheckpointTensor t : c.tensors()) {
                float[] v = new float[(int) t.numel()];
                t.bytes().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
                long[] shape = t.shape();
                if (t.name().equals(name)) {
                    if (nan) {
                        v[0] = Float.NaN;
                    } else {
                        v = java.util.Arrays.copyOf(v, v.length + 1);
                        shape = new long[] {v.length};
                    }
                }
                ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(v);
                tensors.add(ByteBufferTensor.of(t.name(), DataType.FLOAT32, shape, b));
            }
        }
        SafetensorsWriter.write(file, tensors, Map.of());
    }
}
