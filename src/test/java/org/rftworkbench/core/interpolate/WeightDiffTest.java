package org.rftworkbench.core.interpolate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rftworkbench.core.model.LayerGroups;

/** Norms, relative change and cosine on hand-made tensors, and block grouping of names. */
class WeightDiffTest {
    private static EndpointWeights endpoint(NDManager m, float[] w, float[] x, float[] y) {
        Map<String, NDArray> t = new LinkedHashMap<>();
        t.put("visual.transformer.resblocks.0.ln_1.weight", m.create(w));
        t.put("visual.transformer.resblocks.0.ln_1.bias", m.create(y));
        t.put("classification_head.weight", m.create(x));
        return new EndpointWeights(Path.of("e"), "x", t, List.of(), List.of(), m);
    }

    @Test
    void perTensorPerBlockAndTotal() throws Exception {
        try (NDManager ma = NDManager.newBaseManager(); NDManager mb = NDManager.newBaseManager()) {
            EndpointWeights a = endpoint(ma, new float[] {3, 4}, new float[] {1, 0}, new float[] {0, 0});
            EndpointWeights b = endpoint(mb, new float[] {6, 8}, new float[] {0, 1}, new float[] {0, 0});
            WeightDiff.Result r = WeightDiff.compute(a, b);
            WeightDiff.Row w = r.tensors().get(0);
            assertEquals(5, w.normA(), 1e-9);
            assertEquals(5, w.normDiff(), 1e-9);
            assertEquals(1, w.relative(), 1e-9);
            assertEquals(1, w.cosine(), 1e-9);
            WeightDiff.Row zero = r.tensors().get(1);
            assertEquals(Double.NaN, zero.relative(), "no relative change of an all-zero tensor");
            WeightDiff.Row x = r.tensors().get(2);
            assertEquals(Math.sqrt(2), x.relative(), 1e-9);
            assertEquals(0, x.cosine(), 1e-9);
            assertEquals(List.of("resblock 0", "head"), r.blocks().stream().map(WeightDiff.Row::name).toList());
            assertEquals(4, r.blocks().get(0).scalars());
            // total: ||A||^2 = 25 + 1, ||B-A||^2 = 25 + 2, <A,B> = 50 + 0, ||B||^2 = 100 + 1
            assertEquals(Math.sqrt(27) / Math.sqrt(26), r.total().relative(), 1e-9);
            assertEquals(50 / (Math.sqrt(26) * Math.sqrt(101)), r.total().cosine(), 1e-9);
        }
    }

    @Test
    void blocksFollowOpenClipAndGenericNames() {
        assertEquals("patch embedding", LayerGroups.blockOf("visual.conv1.weight"));
        assertEquals("embeddings", LayerGroups.blockOf("visual.positional_embedding"));
        assertEquals("resblock 11", LayerGroups.blockOf("visual.transformer.resblocks.11.mlp.c_fc.bias"));
        assertEquals("ln_post+proj", LayerGroups.blockOf("visual.proj"));
        assertEquals("head", LayerGroups.blockOf("classification_head.bias"));
        assertEquals("blocks.3", LayerGroups.blockOf("blocks.3.attn.qkv.weight"));
        assertEquals("layer1.0", LayerGroups.blockOf("layer1.0.conv1.weight"));
        assertEquals("fc", LayerGroups.blockOf("fc.weight"));
    }
}
