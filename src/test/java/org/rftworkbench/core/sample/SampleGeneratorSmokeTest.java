package org.rftworkbench.core.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.rftworkbench.core.model.ModelConfig;
import org.rftworkbench.core.model.OpenClipClassifier;
import org.rftworkbench.core.model.text.OpenClipTextEncoder;
import org.rftworkbench.core.model.text.TextConfig;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.session.InterpolationWorkspace;
import org.rftworkbench.core.session.SweepRunner;
import org.rftworkbench.core.util.Progress;

/**
 * The whole generator at the smoke budget (5 steps per stage) on a synthetic 200 + 200 image Fashion-MNIST stand-in:
 * both projects are written, open in a workspace, sweep, and the sweep equals the generator's recorded reference.
 */
class SampleGeneratorSmokeTest {

    @Test
    void smokeBudgetWritesTwoLoadableProjects(@TempDir Path dir) throws Exception {
        Path fashion = dir.resolve("fashion-mnist");
        Files.createDirectories(fashion);
        syntheticSplit(200, 1).writeIdx(fashion, "train");
        syntheticSplit(200, 2).writeIdx(fashion, "t10k");
        Path out = dir.resolve("out");
        List<String> lines = new ArrayList<>();
        SampleGenerator.Report report = SampleGenerator.generate(out, fashion, SampleSettings.smoke(0), lines::add,
                Progress.NONE);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("pretrain step 5/5")), String.join("\n", lines));
        assertTrue(report.stageSeconds().containsKey("pretrain CLIP"));

        checkProject(out.resolve(SampleGenerator.WISEFT), 5, dir.resolve("cache1"));
        checkProject(out.resolve(SampleGenerator.FAILURE), 6, dir.resolve("cache2"));
    }

    private static void checkProject(Path projectDir, int oodSets, Path cache) throws Exception {
        LoadedProject project = ProjectStore.load(projectDir.resolve("project.json"));
        ProjectSpec p = project.spec();
        assertEquals(1 + oodSets + 1, p.datasets().size());
        assertEquals(List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
                "Bag", "Ankle boot"), project.classNames());
        ModelConfig config = ModelConfig.read(projectDir.resolve("model/config.json"));
        TextConfig textConfig = TextConfig.read(projectDir.resolve("model/config.json"));
        assertEquals(10, textConfig.contextLength());
        assertEquals(Files.readAllLines(projectDir.resolve("model/vocab.txt")).size(), textConfig.vocabSize());
        try (Checkpoint a = CheckpointReader.open(projectDir.resolve("checkpoints/zeroshot.safetensors"))) {
            List<String> names = a.tensors().stream().map(CheckpointTensor::name).toList();
            assertEquals(List.copyOf(OpenClipClassifier.expectedShapes(config, 10, true).keySet()), names);
        }
        try (Checkpoint clip = CheckpointReader.open(projectDir.resolve("model/clip.safetensors"))) {
            long text = clip.tensors().stream().filter(t -> OpenClipTextEncoder.isTextTowerTensor(t.name())).count();
            assertEquals(OpenClipTextEncoder.expectedShapes(textConfig).size(), text);
        }

        JsonNode expected = new ObjectMapper().readTree(projectDir.resolve("expected_sweep.json").toFile());
        assertEquals(3, expected.size());
        try (InterpolationWorkspace ws = InterpolationWorkspace.open(project, null, cache, Progress.NONE)) {
            assertEquals(40, ws.datasets().get("id_clean").data().size());
            assertEquals(32, ws.datasets().get("sharpness_train").data().size());
            SweepResult sweep = SweepRunner.run(ws, List.of(0.0, 1.0), AlphaOverrides.NONE, null, 256, Progress.NONE);
            assertEquals(2, sweep.points().size());
            for (SweepResult.Point point : sweep.points()) {
                JsonNode reference = expected.get(SampleProjectWriter.alphaKey(point.alpha()));
                assertEquals(1 + oodSets, point.datasets().size());
                for (Map.Entry<String, SweepResult.Metrics> e : point.datasets().entrySet()) {
                    JsonNode ref = reference.get(e.getKey());
                    assertEquals(ref.get("n").asInt(), e.getValue().n(), e.getKey());
                    assertEquals(ref.get("top1").asDouble(), e.getValue().top1(), 0.0, e.getKey());
                    assertEquals(ref.get("loss").asDouble(), e.getValue().loss(), 1e-6, e.getKey());
                }
            }
        }
    }

    /** n random 28x28 "images" whose brightness pattern depends on the label, labels i % 10. */
    private static LabelledImages syntheticSplit(int n, long seed) {
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
