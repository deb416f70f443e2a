package org.rftworkbench.ui.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.layers.ErrorMetric;
import org.rftworkbench.core.layers.LayerInstability;
import org.rftworkbench.core.layers.StragglerAnalysis;
import org.rftworkbench.core.layers.StragglerCriterion;
import org.rftworkbench.core.layers.Stragglers;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.SharpnessRequest;
import org.rftworkbench.core.service.StragglerRequest;
import org.rftworkbench.core.sharpness.SharpnessGroups;
import org.rftworkbench.core.sharpness.SharpnessResult;
import org.rftworkbench.core.sharpness.SharpnessSettings;
import org.rftworkbench.core.sharpness.SharpnessValue;
import org.rftworkbench.figures.LayerHeatmapFigure;
import org.rftworkbench.testutil.FakeComputeService;
import org.rftworkbench.testutil.TinyProject;
import org.rftworkbench.ui.common.FxThread;

/** The Layers view model without a toolkit: live cells, stragglers, latest wins, cancel, detail. */
class LayersViewModelTest {
    static final List<String> GROUPS = List.of("patch embedding", "resblock 0", "resblock 1", "head");

    @TempDir
    Path dir;
    FakeComputeService service;
    LayersViewModel model;
    LoadedProject project;
    List<Double> alphas;

    @BeforeEach
    void setUp() throws Exception {
        service = new FakeComputeService();
        model = new LayersViewModel(service, FxThread.INLINE, flush -> FrameThrottle.immediate(FxThread.INLINE,
                flush));
        project = ProjectStore.load(TinyProject.create(dir));
        alphas = org.rftworkbench.core.eval.AlphaGrids.of(project.spec().alphaGrid());
        model.projectProperty().set(project);
    }

    static SharpnessValue value(double loss) {
        return new SharpnessValue(loss, 0, 1, 0.1, 1 + loss, 0.1, 0.01, 1000, 1, 10, 1, 0.5);
    }

    static SharpnessResult.Cell cell(double alpha, String group, double loss) {
        return new SharpnessResult.Cell(alpha, group, value(loss), false);
    }

    static void send(FakeComputeService.Job<SharpnessResult> job, SharpnessResult.Cell cell) {
        job.events.accept(new JobEvent.SharpnessCell(job.id(), cell));
    }

    static SharpnessResult result(List<SharpnessResult.Cell> cells) {
        return new SharpnessResult("tiny", "a", "b", "sharp", SharpnessGroups.Granularity.BLOCK,
                SharpnessSettings.defaults(), null, cells);
    }

    /** Instability top-2 flags resblock 1 and head; weight change 0.1, 0.2, ... per group. */
    StragglerAnalysis.Result stragglers() {
        double[] instab = {0.01, 0.02, 0.5, 0.3};
        List<LayerInstability.GroupRow> rows = new ArrayList<>();
        Map<String, Double> change = new LinkedHashMap<>();
        for (int g = 0; g < GROUPS.size(); g++) {
            double[] values = new double[alphas.size()];
            double[] excess = new double[alphas.size()];
            for (int a = 0; a < alphas.size(); a++) {
                values[a] = 1 + g + alphas.get(a);
                excess[a] = g * alphas.get(a) * (1 - alphas.get(a));
            }
            rows.add(new LayerInstability.GroupRow(GROUPS.get(g), 2 + g, values, excess, instab[g], instab[g], 0.5));
            change.put(GROUPS.get(g), 0.1 * (g + 1));
        }
        LayerInstability.Result heat = new LayerInstability.Result(new LayerInstability.Settings(alphas, 1.0,
                ErrorMetric.LOSS), "id", 40, rows);
        Map<StragglerCriterion, Map<String, Double>> values = new EnumMap<>(StragglerCriterion.class);
        values.put(StragglerCriterion.INSTABILITY, heat.instabilityByGroup());
        values.put(StragglerCriterion.WEIGHT_CHANGE, change);
        Stragglers.Report report = Stragglers.compare(values, StragglerCriterion.INSTABILITY,
                Stragglers.Selection.top(2), GROUPS);
        return new StragglerAnalysis.Result(heat, change, Map.of(), report);
    }

    FakeComputeService.Job<SharpnessResult> sharpnessJob(int i) {
        return service.analyses(SharpnessRequest.class).get(i);
    }

    FakeComputeService.Job<StragglerAnalysis.Result> stragglerJob(int i) {
        return service.analyses(StragglerRequest.class).get(i);
    }

    @Test
    void computeSubmitsStragglersAndTheSharpnessHeatmapOverTheProjectGrid() {
        model.compute();
        StragglerRequest st = (StragglerRequest) stragglerJob(0).request();
        assertEquals(LayersViewModel.STRAGGLERS_KEY, stragglerJob(0).key);
        assertEquals(StragglerCriterion.INSTABILITY, st.primary());
        assertEquals(Stragglers.Selection.top(2), st.selection());
        SharpnessRequest sh = (SharpnessRequest) sharpnessJob(0).request();
        assertEquals(LayersViewModel.SHARPNESS_KEY, sharpnessJob(0).key);
        assertEquals(Priority.USER, sharpnessJob(0).priority());
        assertEquals(alphas, sh.alphas());
        assertEquals(SharpnessGroups.Granularity.BLOCK, sh.granularity());
        assertEquals(SharpnessPreset.QUICK.settings(SharpnessSettings.Definition.WORST_CASE, 1e-3), sh.settings());
        assertEquals(128, sh.settings().examples());
        assertEquals(10, sh.settings().steps());
        assertTrue(model.computingProperty().get());
        assertTrue(model.settingsTextProperty().get().contains("n 128 (m 128), T 10"),
                model.settingsTextProperty().get());
    }

    @Test
    void cellsArrivingOneByOneFillTheGridInNetworkOrder() {
        model.compute();
        FakeComputeService.Job<SharpnessResult> job = sharpnessJob(0);
        assertNull(model.heatmapProperty().get(), "nothing to draw before the first layer cell");
        send(job, cell(0.0, SharpnessGroups.OVERALL, 9));
        assertEquals(9.0, model.overallSharpnessProperty().get().get(0.0));
        for (int g = 0; g < GROUPS.size(); g++) {
            send(job, cell(0.0, GROUPS.get(g), g + 1));
            LayerHeatmapFigure.Data grid = model.heatmapProperty().get();
            assertEquals(GROUPS.subList(0, g + 1), grid.rows(), "rows appear in network order");
            assertEquals(alphas.size(), grid.alphas().length, "every requested alpha has a column from the start");
            assertEquals(g + 1, grid.values()[g][0]);
            assertTrue(Double.isNaN(grid.values()[g][1]), "not computed yet");
        }
        send(job, cell(0.1, GROUPS.get(2), 42));
        LayerHeatmapFigure.Data grid = model.heatmapProperty().get();
        assertEquals(42, grid.values()[2][1]);
        assertTrue(model.statusProperty().get().contains("6 of"), model.statusProperty().get());

        model.selectedGroupProperty().set("resblock 1");
        assertEquals(Map.of(0.0, 3.0, 0.1, 42.0), Map.copyOf(model.detailProperty().get().sharpness()));
        assertEquals(1000L, model.detailProperty().get().scalars());
    }

    @Test
    void aStragglerIsMarkedInEveryMeasureAndInTheDetail() {
        model.compute();
        send(sharpnessJob(0), cell(0.0, "resblock 1", 1));
        stragglerJob(0).finish(stragglers());
        assertEquals(List.of("resblock 1", "head"), model.stragglers());
        assertEquals(java.util.Set.of("resblock 1", "head"), model.heatmapProperty().get().stragglers());

        model.measureProperty().set(LayerMeasure.INSTABILITY);
        LayerHeatmapFigure.Data instability = model.heatmapProperty().get();
        assertEquals(GROUPS, instability.rows());
        assertEquals(java.util.Set.of("resblock 1", "head"), instability.stragglers());
        assertEquals(2 * 0.5 * 0.5, instability.values()[2][alphas.indexOf(0.5)], 1e-12, "excess over the line");

        model.measureProperty().set(LayerMeasure.WEIGHT_CHANGE);
        LayerHeatmapFigure.Data change = model.heatmapProperty().get();
        assertEquals(0.3 * 0.5, change.values()[2][alphas.indexOf(0.5)], 1e-12, "alpha ||B-A|| / ||A||");
        assertEquals(0.0, change.values()[2][0]);

        model.selectedGroupProperty().set("resblock 1");
        LayerDetail d = model.detailProperty().get();
        assertTrue(d.straggler());
        assertEquals(4, d.tensors());
        assertEquals(0.3, d.weightChange(), 1e-12);
        assertEquals(0.5, d.instability());
        assertEquals(alphas.size(), d.lossAlongPath().size());
        model.selectedGroupProperty().set("patch embedding");
        assertFalse(model.detailProperty().get().straggler());

        model.compute();
        assertEquals(1, service.analyses(StragglerRequest.class).size(), "known stragglers are not recomputed");
    }

    @Test
    void aReRunSupersedesTheOldOneAndItsLateCellsAreDropped() {
        model.compute();
        FakeComputeService.Job<SharpnessResult> first = sharpnessJob(0);
        send(first, cell(0.0, "resblock 0", 1));
        model.rhoProperty().set(2e-3);
        model.compute();
        FakeComputeService.Job<SharpnessResult> second = sharpnessJob(1);
        assertTrue(first.cancelled, "the old run is cancelled");
        assertEquals(0.002, ((SharpnessRequest) second.request()).settings().rho());
        assertNull(model.heatmapProperty().get(), "the new run starts from an empty grid");

        send(first, cell(0.0, "head", 7)); // late cell of the superseded run
        assertNull(model.heatmapProperty().get());
        send(second, cell(0.0, "resblock 0", 5));
        assertEquals(List.of("resblock 0"), model.heatmapProperty().get().rows());

        SharpnessResult done = result(List.of(cell(0.0, SharpnessGroups.OVERALL, 3), cell(0.0, "resblock 0", 5)));
        second.finish(done);
        assertSame(done, model.sharpnessResultProperty().get());
        assertTrue(model.statusProperty().get().startsWith("sharpness done"), model.statusProperty().get());
        assertTrue(model.computingProperty().get(), "the straggler job still runs");
        stragglerJob(0).finish(stragglers());
        assertFalse(model.computingProperty().get());
    }

    @Test
    void cancellingKeepsTheFinishedCellsAndComputingAgainWorks() {
        model.compute();
        stragglerJob(0).finish(stragglers());
        FakeComputeService.Job<SharpnessResult> job = sharpnessJob(0);
        send(job, cell(0.0, SharpnessGroups.OVERALL, 2));
        send(job, cell(0.0, "patch embedding", 1));
        model.cancel();
        assertTrue(job.cancelled);
        assertFalse(model.computingProperty().get());
        assertEquals(List.of("patch embedding"), model.heatmapProperty().get().rows(), "finished cells stay");
        assertTrue(model.statusProperty().get().contains("cancelled after 2 of " + alphas.size() * 5),
                model.statusProperty().get());
        assertNull(model.sharpnessResultProperty().get());

        model.compute();
        assertTrue(model.computingProperty().get());
        SharpnessResult done = result(List.of(cell(0.0, SharpnessGroups.OVERALL, 2),
                new SharpnessResult.Cell(0.0, "patch embedding", value(1), true)));
        sharpnessJob(1).finish(done);
        assertFalse(model.computingProperty().get());
        assertSame(done, model.sharpnessResultProperty().get());
        assertTrue(model.statusProperty().get().contains("1 from the cache"), model.statusProperty().get());
    }

    @Test
    void cellsStillWaitingForARedrawWhenTheJobIsCancelledAreKept() {
        // a throttle that never fires by itself: cells wait in the queue until the job ends
        LayersViewModel slow = new LayersViewModel(service, FxThread.INLINE,
                flush -> FrameThrottle.every(3_600_000, FxThread.INLINE, flush));
        slow.projectProperty().set(project);
        slow.compute();
        FakeComputeService.Job<SharpnessResult> job = service.analyses(SharpnessRequest.class).get(0);
        send(job, cell(0.0, "head", 1));
        assertNull(slow.heatmapProperty().get(), "not drawn yet");
        job.cancel();
        assertEquals(List.of("head"), slow.heatmapProperty().get().rows());
    }

    @Test
    void anotherProjectCancelsAndClears() throws Exception {
        model.compute();
        send(sharpnessJob(0), cell(0.0, "head", 1));
        model.projectProperty().set(ProjectStore.load(TinyProject.create(dir.resolve("other"))));
        assertTrue(sharpnessJob(0).cancelled);
        assertTrue(stragglerJob(0).cancelled);
        assertNull(model.heatmapProperty().get());
        assertFalse(model.computingProperty().get());
    }

    @Test
    void theCostIsShownBeforeRunningAndNamesThePasses() {
        stragglerResultKnown();
        String cost = model.costProperty().get();
        // 11 alphas x (4 groups + overall) x 1 batch x 10 steps
        assertTrue(cost.contains(String.format(java.util.Locale.ROOT, "= %,d passes", alphas.size() * 5 * 10)),
                cost);
        model.presetProperty().set(SharpnessPreset.REFERENCE);
        assertTrue(model.costProperty().get().contains(String.format(java.util.Locale.ROOT, "= %,d passes",
                alphas.size() * 5 * 8 * 20)), model.costProperty().get());
        model.definitionProperty().set(SharpnessSettings.Definition.AVERAGE_CASE);
        assertEquals(LayersViewModel.AVERAGE_CASE_RHO, model.rhoProperty().get());
        assertTrue(model.settingsTextProperty().get().startsWith("Sharpness: average-case"));
    }

    private void stragglerResultKnown() {
        model.measureProperty().set(LayerMeasure.INSTABILITY);
        model.compute();
        stragglerJob(0).finish(stragglers());
        assertNotNull(model.heatmapProperty().get());
        assertTrue(service.analyses(SharpnessRequest.class).isEmpty(), "the instability measure needs no sharpness");
        model.measureProperty().set(LayerMeasure.SHARPNESS);
    }
}
