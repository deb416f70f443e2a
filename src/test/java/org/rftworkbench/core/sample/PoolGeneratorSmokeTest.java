package org.rftworkbench.core.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.checkpoint.Checkpoint;
import org.rftworkbench.core.checkpoint.CheckpointReader;
import org.rftworkbench.core.checkpoint.CheckpointTensor;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.interpolate.AlphaOverrides;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.session.InterpolationWorkspace;
import org.rftworkbench.core.session.SweepRunner;
import org.rftworkbench.core.util.Hashing;
import org.rftworkbench.core.util.Progress;

/**
 * The pool generator at the smoke budget on a synthetic Fashion-MNIST stand-in, after the single-pair samples: a
 * format-3 project whose runs start from the wiseft sample's A (referenced, not copied), carry their settings as
 * metadata, differ by option (a head-only run keeps A's image tower), and whose recorded sweeps are what sweeping each
 * run gives. The default-settings run reproduces the wiseft sample's B and is referenced there.
 */
class PoolGeneratorSmokeTest {

    @Test
    void smokePoolIsAFormat3ProjectOfRunsFromTheSharedA(@TempDir Path dir) throws Exception {
        Path fashion = dir.resolve("fashion-mnist");
        Files.createDirectories(fashion);
        synthetic(200, 1).writeIdx(fashion, "train");
        synthetic(200, 2).writeIdx(fashion, "t10k");
        Path out = dir.resolve("out");
        SampleSettings smoke = SampleSettings.smoke(0);
        SampleGenerator.generate(out, fashion, smoke, line -> { }, Progress.NONE);
        List<String> lines = new ArrayList<>();
        PoolGenerator.Report report = PoolGenerator.generate(out, fashion, smoke, PoolGenerator.SMOKE, lines::add,
                Progress.NONE);
        assertEquals(3, report.runs().size());

        Path poolDir = out.resolve(PoolGenerator.POOL);
        LoadedProject pool = ProjectStore.load(poolDir.resolve("project.json"));
        ProjectSpec p = pool.spec();
        assertEquals(ProjectSpec.FORMAT_VERSION, p.formatVersion());
        assertEquals(List.of("lr5e-3", "lr2e-2-aug-ls0.1", "head-lr1e-2"), p.runLabels());
        Path wiseft = out.resolve(SampleGenerator.WISEFT);
        assertEquals(wiseft.resolve("checkpoints/zeroshot.safetensors").toAbsolutePath().normalize(),
                pool.resolve(p.endpointA().path()));
        assertEquals(Map.of("lr", 0.02, "epochs", 1.0, "augment", "strong", "labelSmoothing", 0.1, "trained", "full"),
                p.run("lr2e-2-aug-ls0.1").orElseThrow().metadata());
        // the default recipe is the wiseft sample's B: same weights, so the run refers to that file
        assertEquals("../fashion-clip-wiseft/checkpoints/finetuned.safetensors", p.run("lr5e-3").orElseThrow().path());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("lr5e-3: the same weights as")), String.join("\n", lines));
        Path head = pool.resolve(p.run("head-lr1e-2").orElseThrow().path());
        Path strong = pool.resolve(p.run("lr2e-2-aug-ls0.1").orElseThrow().path());
        assertNotEquals(Hashing.sha256(head), Hashing.sha256(strong));
        assertHeadOnly(pool.resolve(p.endpointA().path()), head);

        JsonNode expected = new ObjectMapper().readTree(poolDir.resolve(PoolGenerator.EXPECTED_SWEEPS).toFile());
        assertEquals(3, expected.size());
        for (String label : p.runLabels()) {
            try (InterpolationWorkspace ws = InterpolationWorkspace.open(pool.withSelectedRun(label), null,
                    dir.resolve("cache"), Progress.NONE)) {
                SweepResult sweep = SweepRunner.run(ws, List.of(0.5, 1.0), AlphaOverrides.NONE, null, 256,
                        Progress.NONE);
                for (SweepResult.Point point : sweep.points()) {
                    JsonNode reference = expected.get(label).get(SampleProjectWriter.alphaKey(point.alpha()));
                    for (Map.Entry<String, SweepResult.Metrics> e : point.datasets().entrySet()) {
                        JsonNode ref = reference.get(e.getKey());
                        assertEquals(ref.get("top1").asDouble(), e.getValue().top1(), 0.0, label + " " + e.getKey());
                        assertEquals(ref.get("loss").asDouble(), e.getValue().loss(), 1e-6, label + " " + e.getKey());
                    }
                }
            }
        }
        JsonNode summary = new ObjectMapper().readTree(poolDir.resolve("generation_summary.json").toFile());
        assertEquals(3, summary.get("runs").size());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("| run | lr |")), "the per-run table is logged");
    }

    /** A head-only run changes only classification_head.*; every image-tower tensor is A's, byte for byte. */
    private static void assertHeadOnly(Path a, Path b) throws Exception {
        int same = 0;
        try (Checkpoint ca = CheckpointReader.open(a); Checkpoint cb = CheckpointReader.open(b)) {
            for (CheckpointTensor t : cb.tensors()) {
                CheckpointTensor ta = ca.tensors().stream().filter(x -> x.name().equals(t.name())).findFirst()
                        .orElseThrow();
                boolean equal = ta.bytes().duplicate().equals(t.bytes().duplicate());
                if (t.name().startsWith("classification_head.")) {
                    assertFalse(equal, t.name() + " was not trained");
                } else {
                    assertTrue(equal, t.name() + " changed in a head-only run");
                    same++;
                }
            }
        }
        assertTrue(same > 50, "image-tower tensors compared: " + same);
    }

    /** n random 28x28 "images" whose brightness pattern depends on the label, labels i % 10. */
    private static LabelledImages synthetic(int n, long seed) {
        Random rng = new Random(seed);
        byte[] pixels = new byte[n * 784];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            for (int k = 0; k < 784; k++) {
                int band = (k / 28) / 3 == labels[i] ? 200 : 20;
                pixels[i * 784 + k] = (byte) Math.min(255, band + rng.nextInt(40));
            }
        }
        return new LabelledImages(28, pixels, labels);
    }
}
