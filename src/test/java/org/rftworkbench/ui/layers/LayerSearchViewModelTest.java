package org.rftworkbench.ui.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.interpolate.AlphaOverrides;
import org.rftworkbench.core.layers.LayerMixingSearch;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;
import org.rftworkbench.testutil.TreeCopy;
import org.rftworkbench.ui.common.FxThread;

/**
 * The Layers view's per-layer mixing panel model on a copy of the failure sample: Search without a split says what to
 * do, Make Split &amp; Search records the split in the project file and shows the held-out report, and Apply to Slider
 * hands the slider view the rules of the groups moved off the baseline and the baseline alpha.
 */
class LayerSearchViewModelTest {
    @TempDir
    Path dir;

    @Test
    void refusesThenSplitsSearchesAndApplies() throws Exception {
        Path project = TreeCopy.of(Path.of("sample-projects/fashion-clip-failure"), dir.resolve("failure"))
                .resolve("project.json");
        List<List<AlphaOverrides.Rule>> applied = new ArrayList<>();
        List<Double> baselines = new ArrayList<>();
        try (EmbeddedComputeService service = new EmbeddedComputeService(EmbeddedComputeService.Settings.of(
                dir.resolve("results"), dir.resolve("tensors")))) {
            LayerSearchViewModel model = new LayerSearchViewModel(service, FxThread.INLINE, Runnable::run,
                    (rules, baseline) -> {
                        applied.add(rules);
                        baselines.add(baseline);
                    });
            model.settingsProperty().set(new LayerMixingSearch.Settings(List.of(0.0, 0.5, 1.0), 0.005, 1, 0.5));
            model.projectProperty().set(ProjectStore.load(project));
            assertTrue(model.statusProperty().get().startsWith("no validation split yet"));

            model.search(false);
            waitUntil(() -> !model.runningProperty().get());
            assertNull(model.resultProperty().get());
            assertTrue(model.statusProperty().get().contains("no validation split recorded"),
                    model.statusProperty().get());

            model.search(true);
            waitUntil(() -> !model.runningProperty().get());
            assertNotNull(model.resultProperty().get(), model.statusProperty().get());
            assertTrue(model.statusProperty().get().startsWith("held-out average OOD: uniform alpha 0.50"),
                    model.statusProperty().get());
            // recorded on the io thread (inline here), before the search reports that it is done
            assertNotNull(ProjectStore.load(project).spec().validationSplit(), "the split is in the project file");
            assertEquals(model.resultProperty().get().groups().size(),
                    LayerSearchViewModel.groupLines(model.resultProperty().get()).size());

            model.applyToSlider();
            assertEquals(1, applied.size());
            assertEquals(List.of(0.5), baselines);
            var found = model.resultProperty().get();
            long moved = found.outcome().groupAlphas().values().stream().filter(a -> a != 0.5).count();
            assertTrue(moved > 0, found.outcome().groupAlphas().toString());
            assertEquals(moved, applied.get(0).size()); // only the groups moved off the baseline
            assertTrue(found.rules().containsAll(applied.get(0)));
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier done) throws Exception {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(50);
        }
    }
}
