package org.rftworkbench.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rftworkbench.core.engine.Engines;
import org.rftworkbench.core.interpolate.EndpointLoader;
import org.rftworkbench.core.interpolate.EndpointWeights;
import org.rftworkbench.core.util.Progress;
import org.rftworkbench.testutil.Goldens;

/**
 * Endpoints in other layouts (fixtures of tools/reference/make_layout_fixtures.py) load through the endpoint loader
 * and give the logits of the open_clip-layout originals (golden/tiny_vit) and of the reference's HF-named forward.
 */
class CheckpointLayoutParityTest {
    private static final Path LAYOUTS = Paths.get("src/test/resources/golden/layouts");
    private static final float TOLERANCE = 1e-4f;
    private NDManager manager;
    private Map<String, NDArray> golden;
    private Map<String, NDArray> layoutGolden;
    private ModelConfig config;

    @BeforeEach
    void setUp() throws Exception {
        Engines.pytorch();
        manager = NDManager.newBaseManager();
        golden = Goldens.decode(manager, Goldens.TINY_VIT.resolve("golden.safetensors"));
        layoutGolden = Goldens.decode(manager, LAYOUTS.resolve("golden.safetensors"));
        config = ModelConfig.read(Goldens.TINY_VIT.resolve("config_quickgelu.json"));
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private NDArray logits(Path file) throws Exception {
        try (EndpointWeights w = EndpointLoader.load(file, OpenClipClassifier::isImageClassifierTensor, Device.cpu(),
                Progress.NONE);
                OpenClipClassifier model = OpenClipClassifier.copyOf(config, w.tensors(), Device.cpu(), "test")) {
            float[] values = model.forward(golden.get("x"), false).toFloatArray();
            return manager.create(values, golden.get("logits_a").getShape());
        }
    }

    private static long[] top1(NDArray logits) {
        return logits.argMax(1).toLongArray();
    }

    @Test
    void huggingFaceAndSoupsLogitsEqualTheOpenClipOriginals() throws Exception {
        NDArray openClipA = logits(Goldens.TINY_VIT.resolve("a.safetensors"));
        NDArray hfA = logits(LAYOUTS.resolve("hf_a.safetensors"));
        float exact = Goldens.maxAbsDiff(hfA, openClipA);
        float vsHfReference = Goldens.maxAbsDiff(hfA, layoutGolden.get("logits_hf_a"));
        float vsGolden = Goldens.maxAbsDiff(hfA, golden.get("logits_a"));
        assertTrue(exact == 0f, "HF layout vs open_clip layout max|diff| " + exact);
        assertTrue(vsHfReference < TOLERANCE, "vs the HF-named reference forward " + vsHfReference);
        assertTrue(vsGolden < TOLERANCE, "vs golden logits_a " + vsGolden);

        NDArray soupsB = logits(LAYOUTS.resolve("soups_b.pt"));
        float soups = Goldens.maxAbsDiff(soupsB, logits(Goldens.TINY_VIT.resolve("b.safetensors")));
        assertTrue(soups == 0f, "model-soups vs open_clip B max|diff| " + soups);
        assertTrue(Goldens.maxAbsDiff(soupsB, layoutGolden.get("logits_hf_b")) < TOLERANCE);
    }

    @Test
    void halfPrecisionCopiesMatchTheReferenceOverRoundedWeightsAndKeepTop1() throws Exception {
        NDArray openClipA = logits(Goldens.TINY_VIT.resolve("a.safetensors"));
        for (String[] f : new String[][] {{"hf_a_fp16.safetensors", "logits_hf_a_fp16"},
                {"hf_a_bf16.safetensors", "logits_hf_a_bf16"}}) {
            NDArray half = logits(LAYOUTS.resolve(f[0]));
            float d = Goldens.maxAbsDiff(half, layoutGolden.get(f[1]));
            assertTrue(d < TOLERANCE, f[0] + " vs reference over rounded weights max|diff| " + d);
            assertArrayEquals(top1(openClipA), top1(half), f[0]);
        }
    }
}
