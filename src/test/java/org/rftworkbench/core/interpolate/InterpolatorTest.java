package org.rftworkbench.core.interpolate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.engine.Engines;
import org.rftworkbench.core.model.ModelConfig;
import org.rftworkbench.core.model.Models;
import org.rftworkbench.core.model.OpenClipClassifier;
import org.rftworkbench.testutil.Goldens;

/** In-place interpolation against the reference's interpolated logits, exact endpoints, no drift, no leaks. */
class InterpolatorTest {
    private static final float TOLERANCE = 1e-4f;
    private NDManager manager;
    private Map<String, NDArray> golden;
    private EndpointWeights a;
    private EndpointWeights b;
    private OpenClipClassifier working;
    private Interpolator interpolator;

    @BeforeEach
    void setUp() throws Exception {
        Models.prepareComputeThread();
        Engines.pytorch();
        manager = NDManager.newBaseManager();
        golden = Goldens.decode(manager, Goldens.TINY_VIT.resolve("golden.safetensors"));
        a = endpoint("a.safetensors");
        b = endpoint("b.safetensors");
        working = OpenClipClassifier.copyOf(ModelConfig.read(Goldens.TINY_VIT.resolve("config_quickgelu.json")),
                a.tensors(), ai.djl.Device.cpu(), "working");
        interpolator = new Interpolator(working, a, b);
    }

    private EndpointWeights endpoint(String file) throws Exception {
        NDManager m = NDManager.newBaseManager();
        Path p = Goldens.TINY_VIT.resolve(file);
        return new EndpointWeights(p, "test", Goldens.decode(m, p), List.of(), List.of(), m);
    }

    @AfterEach
    void tearDown() {
        working.close();
        a.close();
        b.close();
        manager.close();
    }

    private float logitsDiff(String goldenName) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            return Goldens.maxAbsDiff(working.forward(golden.get("x"), false), golden.get(goldenName));
        }
    }

    @Test
    void interiorAndExtrapolatedAlphasMatchReference() {
        interpolator.apply(0.3);
        assertTrue(logitsDiff("logits_mix03") < TOLERANCE, "alpha 0.3: " + logitsDiff("logits_mix03"));
        interpolator.apply(-0.5);
        assertTrue(logitsDiff("logits_mix_neg05") < TOLERANCE, "alpha -0.5: " + logitsDiff("logits_mix_neg05"));
    }

    @Test
    void perLayerAlphasMatchReference() throws RftException {
        AlphaOverrides overrides = AlphaOverrides.parse(List.of("visual\\.transformer\\.resblocks\\.1\\..*=0.9",
                "classification_head\\..*=1.0"));
        interpolator.apply(0.3, overrides);
        assertTrue(logitsDiff("logits_layerwise") < TOLERANCE, "layerwise: " + logitsDiff("logits_layerwise"));
    }

    @Test
    void endpointsAreReproducedBitForBit() {
        interpolator.apply(0.7);
        interpolator.apply(0.0);
        assertBitwiseEqual(a);
        interpolator.apply(1.0);
        assertBitwiseEqual(b);
    }

    @Test
    void repeatedAlphasDoNotDrift() {
        interpolator.apply(0.3);
        Map<String, float[]> first = snapshot();
        for (int i = 0; i < 20; i++) {
            interpolator.apply(i % 2 == 0 ? 0.9 : -0.2);
        }
        interpolator.apply(0.3);
        Map<String, float[]> again = snapshot();
        first.forEach((name, values) -> assertArrayEquals(values, again.get(name), name));
    }

    @Test
    void hundredAlphasLeaveNoArraysBehind() {
        interpolator.apply(0.5);
        int before = working.manager().getManagedArrays().size() + a.manager().getManagedArrays().size()
                + b.manager().getManagedArrays().size();
        for (int i = 0; i < 100; i++) {
            interpolator.apply(i / 99.0);
        }
        int after = working.manager().getManagedArrays().size() + a.manager().getManagedArrays().size()
                + b.manager().getManagedArrays().size();
        assertEquals(before, after, "native arrays attached to the model and endpoint managers");
    }

    @Test
    void mismatchedEndpointsAreRefusedWithTheFirstDifferences() throws Exception {
        NDManager m = NDManager.newBaseManager();
        Map<String, NDArray> broken = new LinkedHashMap<>(Goldens.decode(m, Goldens.TINY_VIT.resolve("b.safetensors")));
        broken.remove("visual.proj");
        broken.put("visual.ln_pre.weight", m.zeros(new ai.djl.ndarray.types.Shape(65)));
        try (EndpointWeights bad = new EndpointWeights(Path.of("bad.safetensors"), "x", broken, List.of(), List.of(), m)) {
            RftException e = assertThrows(RftException.class, () -> new Interpolator(working, a, bad));
            assertTrue(e.getMessage().contains("endpoints cannot be interpolated"), e.getMessage());
            assertTrue(e.getMessage().contains("visual.proj only in A"), e.getMessage());
            assertTrue(e.getMessage().contains("visual.ln_pre.weight shape (64) in A vs (65) in B"), e.getMessage());
        }
    }

    private void assertBitwiseEqual(EndpointWeights expected) {
        for (Map.Entry<String, NDArray> e : working.parameters().entrySet()) {
            assertArrayEquals(expected.tensors().get(e.getKey()).toFloatArray(), e.getValue().toFloatArray(),
                    e.getKey());
        }
    }

    private Map<String, float[]> snapshot() {
        Map<String, float[]> out = new LinkedHashMap<>();
        working.parameters().forEach((k, v) -> out.put(k, v.toFloatArray()));
        return out;
    }
}
