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
import org.rftworkbench.testutil.TinyProject;

/** `diff` says when NaN/Inf make its numbers meaningless; a malformed project is one plain line without class names. */
class DiffAndErrorLinesCliTest {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** A copy of {@code from} with NaN in the first element of tensor {@code name}. */
    private static void withNaN(Path from, Path to, String name) throws Exception {
        List<CheckpointTensor> tensors = new ArrayList<>();
        try (Checkpoint c = CheckpointReader.open(from)) {
            for (CheckpointTensor t : c.tensors()) {
                float[] v = new float[(int) t.numel()];
                t.bytes().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
                if (t.name().equals(name)) {
                    v[0] = Float.NaN;
                }
                ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(v);
                tensors.add(ByteBufferTensor.of(t.name(), DataType.FLOAT32, t.shape(), b));
            }
        }
        SafetensorsWriter.write(to, tensors, Map.of());
    }

    @Test
    void diffWarnsOnceAboutNonFiniteTensorsAndFlagsThemInJson() throws Exception {
        TinyProject.create(dir.resolve("p"));
        Path a = dir.resolve("p/a.safetensors");
        Path b = dir.resolve("p/b.safetensors");
        CliRun clean = run("diff", a.toString(), b.toString(), "--json");
        assertEquals(0, clean.code(), clean.err());
        assertFalse(clean.err().contains("warning"), clean.err());
        assertFalse(new ObjectMapper().readTree(clean.out()).get("nonFinite").asBoolean());

        Path bad = dir.resolve("bad.safetensors");
        withNaN(b, bad, "visual.proj");
        CliRun table = run("diff", a.toString(), bad.toString(), "--blocks");
        assertEquals(0, table.code(), table.err());
        List<String> warnings = table.err().lines().filter(l -> l.startsWith("warning: ")).toList();
        assertEquals(1, warnings.size(), table.err());
        assertTrue(warnings.get(0).contains("NaN or Inf in 1 tensor (visual.proj)"), warnings.get(0));

        CliRun json = run("diff", a.toString(), bad.toString(), "--json");
        assertEquals(0, json.code(), json.err());
        assertTrue(json.err().contains("warning: NaN or Inf in 1 tensor (visual.proj)"), json.err());
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertTrue(root.get("nonFinite").asBoolean(), json.out());
        assertEquals("visual.proj", root.get("nonFiniteTensors").get(0).asText());
        assertEquals(1, root.get("nonFiniteTensors").size());
    }

    @Test
    void malformedAlphaGridIsOnePlainLine() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"));
        String json = Files.readString(project);
        Files.writeString(project, json.replaceFirst("\"alphaGrid\"\\s*:\\s*\\{[^}]*\\}", "\"alphaGrid\" : [0, 1]"));
        assertTrue(Files.readString(project).contains("[0, 1]"), Files.readString(project));
        CliRun r = run("sweep", project.toString(), "--cache-dir", dir.resolve("cache").toString(), "-q");
        assertEquals(Cli.EXIT_USER_ERROR, r.code(), r.err());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, r.err());
        assertTrue(lines[0].contains("field 'alphaGrid': expected an object with fields, found a list"), lines[0]);
        assertFalse(lines[0].matches(".*(\\$|org\\.rftworkbench|Exception|JsonToken).*"), lines[0]);
    }
}
