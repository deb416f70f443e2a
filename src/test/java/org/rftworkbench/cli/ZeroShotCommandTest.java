package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.checkpoint.Checkpoint;
import org.rftworkbench.core.checkpoint.CheckpointReader;
import org.rftworkbench.core.checkpoint.CheckpointTensor;
import org.rftworkbench.core.checkpoint.SafetensorsWriter;
import org.rftworkbench.core.engine.Engines;
import org.rftworkbench.core.model.ModelConfig;
import org.rftworkbench.core.model.OpenClipClassifier;
import org.rftworkbench.testutil.Goldens;

/**
 * {@code zeroshot} on a full tiny CLIP checkpoint: the image tower of golden/tiny_vit plus the text tower of
 * golden/text (their config.json describes both).
 */
class ZeroShotCommandTest {
    private static final Path TEXT = Paths.get("src/test/resources/golden/text");

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** visual.* of tiny_vit endpoint A + the text tower, like an open_clip state dict (head dropped). */
    private Path fullClip() throws Exception {
        Path full = dir.resolve("clip.safetensors");
        try (Checkpoint image = CheckpointReader.open(Goldens.TINY_VIT.resolve("a.safetensors"));
                Checkpoint text = CheckpointReader.open(TEXT.resolve("weights.safetensors"))) {
            List<CheckpointTensor> all = new ArrayList<>(text.tensors());
            image.tensors().stream().filter(t -> t.name().startsWith("visual.")).forEach(all::add);
            SafetensorsWriter.write(full, all, Map.of());
        }
        return full;
    }

    @Test
    void writesHeadAndLoadableClassifier() throws Exception {
        Path head = dir.resolve("head.safetensors");
        Path classifier = dir.resolve("zeroshot.safetensors");
        CliRun r = run("zeroshot", "--model", TEXT.resolve("config.json").toString(), "--checkpoint",
                fullClip().toString(), "--classes", TEXT.resolve("classes.txt").toString(), "--templates",
                TEXT.resolve("templates.txt").toString(), "--tokenizer", "word:" + TEXT.resolve("vocab.txt"),
                "--out", head.toString(), "--image-tower-out", classifier.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("zero-shot head 10 x 32"), r.out());
        assertTrue(r.out().contains("classifier: 32 visual.* tensors + head"), r.out());

        Engines.pytorch();
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> golden = Goldens.decode(m, TEXT.resolve("golden.safetensors"));
            Map<String, NDArray> written = Goldens.decode(m, head);
            assertEquals(2, written.size());
            float d = Goldens.maxAbsDiff(written.get(OpenClipClassifier.HEAD_WEIGHT), golden.get("head_weight"));
            assertTrue(d < 1e-4f, "head max|diff| " + d);
            assertEquals(0f, written.get(OpenClipClassifier.HEAD_BIAS).abs().max().getFloat());

            // the classifier opens as a workbench model; its logits are the tiny ViT's features times the head
            NDManager owned = m.newSubManager();
            Map<String, NDArray> tensors = new LinkedHashMap<>(Goldens.decode(owned, classifier));
            try (OpenClipClassifier model = OpenClipClassifier.create(ModelConfig.read(TEXT.resolve("config.json")),
                    tensors, owned, classifier.toString())) {
                Map<String, NDArray> vit = Goldens.decode(m, Goldens.TINY_VIT.resolve("golden.safetensors"));
                NDArray expected = vit.get("features_a").matMul(golden.get("head_weight").transpose());
                float dl = Goldens.maxAbsDiff(model.forward(vit.get("x"), false), expected);
                assertTrue(dl < 1e-4f, "logits max|diff| " + dl);
            }
        }
    }

    @Test
    void problemsAreOneLineErrors() throws Exception {
        Path clip = fullClip();
        String config = TEXT.resolve("config.json").toString();
        String classes = TEXT.resolve("classes.txt").toString();
        CliRun badTokenizer = run("zeroshot", "--model", config, "--checkpoint", clip.toString(), "--classes", classes,
                "--tokenizer", "sentencepiece:x", "--out", dir.resolve("h.safetensors").toString());
        assertEquals(Cli.EXIT_USER_ERROR, badTokenizer.code());
        assertEquals("error: --tokenizer must be bpe:PATH or word:PATH, got 'sentencepiece:x'",
                badTokenizer.err().strip());

        CliRun noText = run("zeroshot", "--model", config, "--checkpoint",
                Goldens.TINY_VIT.resolve("a.safetensors").toString(), "--classes", classes, "--tokenizer",
                "word:" + TEXT.resolve("vocab.txt"), "--out", dir.resolve("h.safetensors").toString());
        assertEquals(Cli.EXIT_USER_ERROR, noText.code());
        assertTrue(noText.err().contains("a.safetensors: no text tower"), noText.err());
        assertEquals(1, noText.err().strip().lines().count());
    }
}
