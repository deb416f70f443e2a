package org.rftworkbench.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.engine.Engines;
import org.rftworkbench.testutil.Goldens;

/** Forward parity of the native DJL open_clip tower with the independent PyTorch reference (tools/reference/). */
class OpenClipClassifierParityTest {
    private static final float TOLERANCE = 1e-4f;
    private NDManager manager;
    private Map<String, NDArray> golden;

    @BeforeEach
    void setUp() throws Exception {
        Engines.pytorch();
        manager = NDManager.newBaseManager();
        golden = Goldens.decode(manager, Goldens.TINY_VIT.resolve("golden.safetensors"));
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private OpenClipClassifier model(String config, String weights) throws Exception {
        NDManager m = manager.newSubManager();
        Map<String, NDArray> tensors = Goldens.decode(m, Goldens.TINY_VIT.resolve(weights));
        return OpenClipClassifier.create(ModelConfig.read(Goldens.TINY_VIT.resolve(config)), tensors, m, weights);
    }

    @Test
    void quickGeluLogitsAndFeaturesMatchReference() throws Exception {
        try (OpenClipClassifier a = model("config_quickgelu.json", "a.safetensors");
                OpenClipClassifier b = model("config_quickgelu.json", "b.safetensors")) {
            NDArray x = golden.get("x");
            float dFeat = Goldens.maxAbsDiff(a.features(x), golden.get("features_a"));
            float dA = Goldens.maxAbsDiff(a.forward(x, false), golden.get("logits_a"));
            float dB = Goldens.maxAbsDiff(b.forward(x, false), golden.get("logits_b"));
            assertTrue(dFeat < TOLERANCE, "features max|diff| " + dFeat);
            assertTrue(dA < TOLERANCE, "logits A max|diff| " + dA);
            assertTrue(dB < TOLERANCE, "logits B max|diff| " + dB);
        }
    }

    @Test
    void exactGeluLogitsMatchReference() throws Exception {
        try (OpenClipClassifier a = model("config_gelu.json", "a.safetensors");
                OpenClipClassifier b = model("config_gelu.json", "b.safetensors")) {
            NDArray x = golden.get("x");
            assertTrue(Goldens.maxAbsDiff(a.forward(x, false), golden.get("logits_a_gelu")) < TOLERANCE);
            assertTrue(Goldens.maxAbsDiff(b.forward(x, false), golden.get("logits_b_gelu")) < TOLERANCE);
        }
    }

    @Test
    void configMismatchNamesTheTensorAndShape() throws Exception {
        NDManager m = manager.newSubManager();
        Map<String, NDArray> tensors = new LinkedHashMap<>(Goldens.decode(m, Goldens.TINY_VIT.resolve("a.safetensors")));
        ModelConfig wrong = new ModelConfig(32, true, new ModelConfig.Vision(32, 3, 64, 8, 16, 4.0));
        RftException e = assertThrows(RftException.class, () -> OpenClipClassifier.create(wrong, tensors, m, "a.st"));
        assertTrue(e.getMessage().startsWith("a.st: checkpoint does not match the model config"), e.getMessage());
        assertTrue(e.getMessage().contains("missing visual.transformer.resblocks.2."), e.getMessage());
        tensors.remove(OpenClipClassifier.HEAD_WEIGHT);
        ModelConfig right = ModelConfig.read(Goldens.TINY_VIT.resolve("config_quickgelu.json"));
        e = assertThrows(RftException.class, () -> OpenClipClassifier.create(right, tensors, m, "a.st"));
        assertTrue(e.getMessage().contains("no classification head"), e.getMessage());
        m.close();
    }

    @Test
    void builtinConfigsHaveOpenAiShapes() throws Exception {
        ModelConfig b32 = ModelConfig.builtin("ViT-B-32");
        assertEquals(768, b32.vision().width());
        assertEquals(12, b32.vision().heads());
        assertEquals(50, b32.vision().grid() * b32.vision().grid() + 1);
        long params = OpenClipClassifier.expectedShapes(b32, 1000, true).values().stream()
                .mapToLong(s -> s.size()).sum();
        // OpenAI CLIP ViT-B/32 image tower: 87,849,216 parameters; plus a 1000x512 head with bias
        assertEquals(87_849_216L + 512_000 + 1000, params);
        assertEquals(24, ModelConfig.builtin("ViT-L-14").vision().layers());
        assertEquals(16, ModelConfig.builtin("ViT-B-16").vision().patchSize());
        assertThrows(RftException.class, () -> ModelConfig.builtin("ViT-H-99"));
    }
}
