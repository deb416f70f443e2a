package org.rftworkbench.core.sharpness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rftworkbench.core.model.ModelConfig;
import org.rftworkbench.core.model.OpenClipClassifier;

class SharpnessGroupsTest {
    private static final String CONFIG = "{\"embed_dim\":32,\"quick_gelu\":true,\"vision_cfg\":{\"image_size\":32,"
            + "\"layers\":2,\"width\":64,\"patch_size\":8,\"head_width\":16,\"mlp_ratio\":4.0}}";

    private static List<String> names() throws Exception {
        ModelConfig config = new com.fasterxml.jackson.databind.ObjectMapper().readValue(CONFIG, ModelConfig.class);
        return List.copyOf(OpenClipClassifier.expectedShapes(config, 10, true).keySet());
    }

    @Test
    void blockLevelFollowsTheNetwork() throws Exception {
        Map<String, List<String>> g = SharpnessGroups.build(SharpnessGroups.Granularity.BLOCK, names());
        assertEquals(List.of("patch embedding", "embeddings", "ln_pre", "resblock 0", "resblock 1", "ln_post+proj",
                "head"), List.copyOf(g.keySet()));
        assertEquals(12, g.get("resblock 1").size());
        assertEquals(List.of("visual.ln_post.weight", "visual.ln_post.bias", "visual.proj"), g.get("ln_post+proj"));
    }

    @Test
    void submodulesSplitAttentionFromMlp() throws Exception {
        Map<String, List<String>> g = SharpnessGroups.build(SharpnessGroups.Granularity.SUBMODULE, names());
        assertEquals(List.of("patch embedding", "embeddings", "ln_pre", "resblock 0 attn", "resblock 0 mlp",
                "resblock 1 attn", "resblock 1 mlp", "ln_post+proj", "head"), List.copyOf(g.keySet()));
        assertEquals(List.of("visual.transformer.resblocks.0.ln_1.weight", "visual.transformer.resblocks.0.ln_1.bias",
                "visual.transformer.resblocks.0.attn.in_proj_weight", "visual.transformer.resblocks.0.attn.in_proj_bias",
                "visual.transformer.resblocks.0.attn.out_proj.weight", "visual.transformer.resblocks.0.attn.out_proj.bias"),
                g.get("resblock 0 attn"));
        assertEquals(6, g.get("resblock 1 mlp").size());
    }

    @Test
    void tensorLevelAndTorchScriptNames() throws Exception {
        assertEquals(names().size(), SharpnessGroups.build(SharpnessGroups.Granularity.TENSOR, names()).size());
        List<String> ts = List.of("conv1.weight", "blocks.0.attn.qkv.weight", "blocks.0.attn.qkv.bias",
                "blocks.0.mlp.c_fc.weight", "blocks.1.attn.qkv.weight", "head.weight");
        assertEquals(List.of("conv1", "blocks.0", "blocks.1", "head"),
                List.copyOf(SharpnessGroups.build(SharpnessGroups.Granularity.BLOCK, ts).keySet()));
        assertEquals(List.of("conv1", "blocks.0.attn", "blocks.0.mlp", "blocks.1.attn", "head"),
                List.copyOf(SharpnessGroups.build(SharpnessGroups.Granularity.SUBMODULE, ts).keySet()));
        assertEquals(SharpnessGroups.Granularity.SUBMODULE, SharpnessGroups.Granularity.parse("Sub-Block"));
        assertThrows(IllegalArgumentException.class, () -> SharpnessGroups.Granularity.parse("layer"));
    }
}
