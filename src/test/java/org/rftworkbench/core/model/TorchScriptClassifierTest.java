package org.rftworkbench.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.interpolate.EndpointWeights;
import org.rftworkbench.core.interpolate.Interpolator;
import org.rftworkbench.testutil.Goldens;

/** The generic TorchScript path: parameters listed by name, forward parity, in-place interpolation. */
class TorchScriptClassifierTest {
    @Test
    void loadsListsParametersAndInterpolatesInPlace() throws Exception {
        Models.prepareComputeThread();
        try (NDManager manager = NDManager.newBaseManager();
                TorchScriptClassifier model = TorchScriptClassifier.load(Goldens.TINY_VIT.resolve("a.torchscript.pt"),
                        32, Device.cpu())) {
            Map<String, NDArray> golden = Goldens.decode(manager, Goldens.TINY_VIT.resolve("golden.safetensors"));
            assertEquals(10, model.numClasses());
            assertEquals(34, model.parameters().size());
            assertTrue(model.parameters().containsKey("visual.transformer.resblocks.1.attn.in_proj_weight"));
            assertTrue(Goldens.maxAbsDiff(model.forward(golden.get("x"), false), golden.get("logits_ts_a")) < 1e-4f);

            NDManager ma = NDManager.newBaseManager();
            NDManager mb = NDManager.newBaseManager();
            Path pa = Goldens.TINY_VIT.resolve("a.safetensors");
            Path pb = Goldens.TINY_VIT.resolve("b.safetensors");
            try (EndpointWeights a = new EndpointWeights(pa, "a", Goldens.decode(ma, pa), List.of(), List.of(), ma);
                    EndpointWeights b = new EndpointWeights(pb, "b", Goldens.decode(mb, pb), List.of(), List.of(), mb)) {
                Interpolator interpolator = new Interpolator(model, a, b);
                interpolator.apply(0.3);
                float d = Goldens.maxAbsDiff(model.forward(golden.get("x"), false), golden.get("logits_ts_mix03"));
                assertTrue(d < 1e-4f, "TorchScript alpha 0.3 max|diff| " + d);
                interpolator.apply(1.0);
                float db = Goldens.maxAbsDiff(model.forward(golden.get("x"), false), golden.get("logits_ts_b"));
                assertTrue(db < 1e-4f, "alpha 1 max|diff| " + db);
            }
        }
    }

    @Test
    void nonTorchScriptFileGivesOneLineError(@TempDir Path dir) throws Exception {
        Path bogus = dir.resolve("model.pt");
        Files.writeString(bogus, "not a model");
        RftException e = assertThrows(RftException.class, () -> TorchScriptClassifier.load(bogus, 32, Device.cpu()));
        assertTrue(e.getMessage().startsWith(bogus + ": cannot load TorchScript model"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
}
