package org.rftworkbench.core.project;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rftworkbench.core.data.PreprocessConfig;
import org.rftworkbench.core.model.ModelConfig;
import org.rftworkbench.core.model.text.TextConfig;

/** The weight-less ViT-B/32 template project parses and says what the README promises. */
class RealTemplateProjectTest {
    private static final Path FILE = Paths.get("sample-projects/real-vit-b-32-template/project.json");

    @Test
    void templateParsesWithBuiltinModelAndClipPreprocessing() throws Exception {
        LoadedProject loaded = ProjectStore.load(FILE);
        ProjectSpec p = loaded.spec();
        // a format-2 file naming OpenAI's architecture by open_clip's name, as the README says
        assertEquals(2, p.formatVersion());
        assertEquals("ViT-B-32-quickgelu", p.model().builtin());
        ModelConfig model = ModelConfig.builtinForProject(p.model().builtin(), p.formatVersion());
        assertTrue(model.quickGelu());
        assertEquals(768, model.vision().width());
        assertEquals(77, TextConfig.builtin(p.model().builtin()).contextLength());
        PreprocessConfig clip = PreprocessConfig.clip(224);
        assertEquals(clip.imageSize(), p.preprocess().imageSize());
        assertArrayEquals(clip.mean(), p.preprocess().mean());
        assertArrayEquals(clip.std(), p.preprocess().std());
        assertEquals(clip.interpolation(), p.preprocess().interpolation());

        assertEquals(loaded.dir().resolve("checkpoints/zeroshot.safetensors"), loaded.resolve(p.endpointA().path()));
        assertEquals(loaded.dir().resolve("checkpoints/finetuned.safetensors"), loaded.resolve(p.endpointB().path()));
        assertEquals(List.of("imagenet_val", "imagenet_v2", "imagenet_r", "imagenet_sketch", "objectnet", "imagenet_a",
                "sharpness_train"), p.datasets().stream().map(ProjectSpec.DatasetEntry::name).toList());
        assertEquals(List.of(ProjectSpec.Role.ID, ProjectSpec.Role.OOD, ProjectSpec.Role.OOD, ProjectSpec.Role.OOD,
                ProjectSpec.Role.OOD, ProjectSpec.Role.OOD, ProjectSpec.Role.SHARPNESS),
                p.datasets().stream().map(ProjectSpec.DatasetEntry::role).toList());
        assertTrue(p.datasets().stream().allMatch(d -> d.format() == ProjectSpec.Format.IMAGE_FOLDER));
        // the five shifts of wise-ft / model-soups, with their protocols
        assertEquals("index", p.datasets().get(1).folderLabels());
        assertEquals("objectnet", p.datasets().get(4).protocol());
        assertEquals("objectnet_map.json", p.datasets().get(4).labelMap().asText());
    }
}
