package org.rftworkbench.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.rftworkbench.core.model.text.TextConfig;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;

/** Built-in configs carry open_clip's names; project files of format 1 keep the old QuickGELU meaning. */
class BuiltinConfigNamesTest {
    @Test
    void plainNamesAreGeluAndQuickgeluNamesAreQuickGelu() throws Exception {
        for (String name : new String[] {"ViT-B-32", "ViT-B-16", "ViT-L-14"}) {
            ModelConfig gelu = ModelConfig.builtin(name);
            ModelConfig quick = ModelConfig.builtin(name + "-quickgelu");
            assertFalse(gelu.quickGelu(), name);
            assertTrue(quick.quickGelu(), name + "-quickgelu");
            assertEquals(gelu.vision(), quick.vision(), name);
            assertEquals(gelu.embedDim(), quick.embedDim(), name);
            assertFalse(TextConfig.builtin(name).quickGelu(), name + " text tower");
            assertTrue(TextConfig.builtin(name + "-quickgelu").quickGelu(), name + "-quickgelu text tower");
        }
    }

    @Test
    void formatOneProjectsKeepTheQuickGeluMeaningOfPlainNames() throws Exception {
        assertTrue(ModelConfig.builtinForProject("ViT-B-32", 1).quickGelu());
        assertTrue(ModelConfig.builtinForProject("ViT-L-14", 1).quickGelu());
        assertTrue(ModelConfig.builtinForProject("ViT-B-16-quickgelu", 1).quickGelu());
        assertFalse(ModelConfig.builtinForProject("ViT-B-32", 2).quickGelu());
        assertFalse(ModelConfig.builtinForProject("ViT-B-32", ProjectSpec.FORMAT_VERSION).quickGelu());
        assertTrue(ModelConfig.builtinForProject("ViT-B-32-quickgelu", ProjectSpec.FORMAT_VERSION).quickGelu());
        // the committed template (format 2, "ViT-B-32-quickgelu") means OpenAI's QuickGELU ViT-B/32
        ProjectSpec template = ProjectStore.load(Paths.get("sample-projects/real-vit-b-32-template/project.json"))
                .spec();
        assertTrue(ModelConfig.builtinForProject(template.model().builtin(), template.formatVersion()).quickGelu());
    }
}
