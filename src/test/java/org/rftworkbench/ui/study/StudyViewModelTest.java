package org.rftworkbench.ui.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.sharpness.SharpnessSettings;
import org.rftworkbench.core.study.StudySettings;
import org.rftworkbench.ui.common.FxThread;
import org.rftworkbench.ui.layers.LayersViewModel;
import org.rftworkbench.ui.layers.SharpnessPreset;
import org.rftworkbench.testutil.TinyPool;

/**
 * The Study view's settings are the `study` command's defaults, whose sharpness is the Layers view's Quick preset
 * at its default definition and radius (so the three share cached cells); selecting a run opens the same file with
 * that run selected and keeps the study; a single-pair project cannot be studied.
 */
class StudyViewModelTest {
    @TempDir
    Path dir;

    @Test
    void settingsAreTheCommandsDefaultsAndTheLayersViewsQuickPreset() throws Exception {
        assertEquals(SharpnessPreset.QUICK.settings(SharpnessSettings.Definition.WORST_CASE,
                LayersViewModel.WORST_CASE_RHO), StudySettings.quickSharpness());
        LoadedProject pool = ProjectStore.load(TinyPool.create(dir.resolve("p")));
        List<LoadedProject> opened = new ArrayList<>();
        StudyViewModel model = new StudyViewModel(null, FxThread.INLINE, opened::add);
        model.projectProperty().set(pool);
        assertTrue(model.runnableProperty().get());
        assertEquals(List.of("k", "kind"), model.metadataKeys());
        assertEquals("k", model.colourKeyProperty().get());
        StudySettings s = model.settings();
        StudySettings d = StudySettings.defaults(List.of(0.0, 0.5, 1.0));
        assertEquals(d, s, "the tiny project's grid 0:1:0.5 with the command's defaults");

        model.select("k2");
        assertEquals(1, opened.size());
        assertEquals("k2", opened.get(0).spec().selectedRun());
        assertEquals(pool.file(), opened.get(0).file());
        model.projectProperty().set(opened.get(0)); // the window feeds the opened project back
        assertEquals("k2", model.selectedRun());
        assertEquals(List.of("k", "kind"), model.metadataKeys(), "the same file: the study view is not reset");

        model.projectProperty().set(ProjectStore.load(dir.resolve("p/project.json")));
        assertFalse(model.runnableProperty().get(), "one run: nothing to compare");
        assertTrue(model.statusProperty().get().contains("one run"), model.statusProperty().get());
    }
}
