package org.rftworkbench.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.RftException;
import org.rftworkbench.testutil.Goldens;

/** Hugging Face config.json files (written by tools/reference/make_layout_fixtures.py) as model configs. */
class HuggingFaceConfigTest {
    private static final Path LAYOUTS = Paths.get("src/test/resources/golden/layouts");

    @Test
    void clipModelConfigIsTheOpenClipConfigOfTheSameTower() throws Exception {
        assertEquals(ModelConfig.read(Goldens.TINY_VIT.resolve("config_quickgelu.json")),
                ModelConfig.read(LAYOUTS.resolve("config_clip.json")));
    }

    @Test
    void visionModelConfigWithGeluIsTheGeluConfig() throws Exception {
        assertEquals(ModelConfig.read(Goldens.TINY_VIT.resolve("config_gelu.json")),
                ModelConfig.read(LAYOUTS.resolve("config_vision_gelu.json")));
    }

    @Test
    void leftOutFieldsTakeTransformersDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"model_type\": \"clip\", \"vision_config\": {\"patch_size\": 16}}");
        ModelConfig c = ModelConfig.read(file);
        assertEquals(512, c.embedDim());
        assertTrue(c.quickGelu());
        assertEquals(new ModelConfig.Vision(224, 12, 768, 16, 64, 4.0), c.vision());

        Files.writeString(file, "{\"model_type\": \"clip_vision_model\", \"hidden_act\": \"gelu\","
                + " \"hidden_size\": 1024, \"intermediate_size\": 4096, \"num_attention_heads\": 16,"
                + " \"num_hidden_layers\": 24, \"patch_size\": 14, \"projection_dim\": 768}");
        c = ModelConfig.read(file);
        assertFalse(c.quickGelu());
        assertEquals(768, c.embedDim());
        assertEquals(new ModelConfig.Vision(224, 24, 1024, 14, 64, 4.0), c.vision());
    }

    @Test
    void unsupportedActivationOrEpsIsAOneLineError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"model_type\": \"clip\", \"vision_config\": {\"hidden_act\": \"relu\"}}");
        RftException e = assertThrows(RftException.class, () -> ModelConfig.read(file));
        assertEquals(file + ": Hugging Face CLIP config: hidden_act 'relu' is not supported (quick_gelu or gelu)",
                e.getMessage());
        Files.writeString(file, "{\"model_type\": \"clip_vision_model\", \"layer_norm_eps\": 1e-6}");
        e = assertThrows(RftException.class, () -> ModelConfig.read(file));
        assertTrue(e.getMessage().contains("layer_norm_eps 1.0E-6 is not supported"), e.getMessage());
    }
}
