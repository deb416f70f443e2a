package org.rftworkbench.ui.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.SweepRequest;
import org.rftworkbench.core.sharpness.SharpnessGroups;
import org.rftworkbench.core.sharpness.SharpnessResult;
import org.rftworkbench.core.stats.CorrelationTable;
import org.rftworkbench.figures.CorrelationFigure;
import org.rftworkbench.testutil.FakeComputeService;
import org.rftworkbench.testutil.TinyProject;
import org.rftworkbench.ui.common.FxThread;

/** The correlation view model follows the layers' results and reports the `correlate` command's numbers. */
class CorrelationViewModelTest {
    static final double[] ALPHAS = {0, 0.2, 0.4, 0.6, 0.8, 1};

    @TempDir
    Path dir;
    FakeComputeService service;
    LayersViewModel layers;
    CorrelationViewModel model;

    @BeforeEach
    void setUp() throws Exception {
        service = new FakeComputeService();
        layers = new LayersViewModel(service, FxThread.INLINE, f -> FrameThrottle.immediate(FxThread.INLINE, f));
        model = new CorrelationViewModel(layers, service, FxThread.INLINE);
        layers.projectProperty().set(ProjectStore.load(TinyProject.create(dir)));
    }

    static double ood(double a) {
        return 0.7 - 0.3 * (a - 0.4) * (a - 0.4) + 0.01 * Math.sin(10 * a);
    }

    static SharpnessResult sharpness() {
        List<SharpnessResult.Cell> cells = new ArrayList<>();
        for (double a : ALPHAS) {
            cells.add(LayersViewModelTest.cell(a, SharpnessGroups.OVERALL, 1 + a * a));
            cells.add(LayersViewModelTest.cell(a, "resblock 0", 0.3 + Math.cos(7 * a)));
            cells.add(LayersViewModelTest.cell(a, "resblock 1", 2 - a + 0.2 * Math.sin(13 * a)));
        }
        return LayersViewModelTest.result(cells);
    }

    static SweepResult sweep() {
        List<SweepResult.Point> points = new ArrayList<>();
        for (double a : ALPHAS) {
            Map<String, SweepResult.Metrics> m = new LinkedHashMap<>();
            m.put("id", new SweepResult.Metrics("id", 40, 0.5 + 0.4 * a, 1, 1));
            m.put("ood", new SweepResult.Metrics("ood", 40, ood(a), 1, 1));
            points.add(new SweepResult.Point(a, m, ood(a)));
        }
        return new SweepResult("t", "v", "now", null, points);
    }

    @Test
    void aFinishedSharpnessRunBringsOverallAndStragglerScattersWithTheCorrelateNumbers() {
        layers.compute();
        LayersViewModelTest fixtures = new LayersViewModelTest();
        fixtures.alphas = List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0);
        // stragglers first: top-2 by instability of the fixture are "resblock 1" and "head"
        service.analyses(org.rftworkbench.core.service.StragglerRequest.class).get(0).finish(fixtures.stragglers());
        service.analyses(org.rftworkbench.core.service.SharpnessRequest.class).get(0).finish(sharpness());

        assertEquals(1, service.sweeps.size());
        FakeComputeService.Job<SweepResult> sweepJob = service.sweeps.get(0);
        assertEquals(CorrelationViewModel.SWEEP_KEY, sweepJob.key);
        assertEquals(List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0), ((SweepRequest) sweepJob.request()).alphas());
        assertTrue(model.panelsProperty().get().isEmpty());
        sweepJob.finish(sweep());

        List<CorrelationViewModel.Panel> panels = model.panelsProperty().get();
        assertEquals(List.of(SharpnessGroups.OVERALL, "resblock 1"), panels.stream()
                .map(CorrelationViewModel.Panel::group).toList(), "overall, then the stragglers present");
        assertTrue(panels.get(1).straggler());

        // the same numbers as `correlate` (CorrelationTable with its defaults), endpoints included
        Map<String, double[]> oodSeries = Map.of(CorrelationTable.AVERAGE_OOD,
                java.util.Arrays.stream(ALPHAS).map(CorrelationViewModelTest::ood).toArray());
        Map<String, double[]> sharpSeries = new LinkedHashMap<>();
        for (SharpnessResult.Cell c : sharpness().cells()) {
            sharpSeries.computeIfAbsent(c.group(), g -> new double[ALPHAS.length])[
                    java.util.Arrays.binarySearch(ALPHAS, c.alpha())] = c.value().loss();
        }
        CorrelationTable.Result table = CorrelationTable.compute(ALPHAS, oodSeries, sharpSeries,
                Set.of("resblock 1"), CorrelationTable.Settings.DEFAULT);
        for (CorrelationViewModel.Panel p : panels) {
            CorrelationTable.Row row = table.rows().stream().filter(r -> r.group().equals(p.group())
                    && r.oodSet().equals(CorrelationTable.AVERAGE_OOD) && r.endpointsIncluded()
                    && r.statistic().toLowerCase(java.util.Locale.ROOT).contains("kendall")).findFirst().orElseThrow();
            CorrelationFigure.Data d = p.data();
            assertEquals(row.value(), d.tau(), 1e-12, p.group());
            assertEquals(row.ciLow(), d.ciLow(), 1e-12, p.group());
            assertEquals(row.ciHigh(), d.ciHigh(), 1e-12, p.group());
            assertEquals(ALPHAS.length, d.n());
            assertEquals(row.n(), d.n());
        }
    }

    @Test
    void stragglersArrivingAfterTheSweepAddTheirPanels() {
        layers.compute();
        service.analyses(org.rftworkbench.core.service.SharpnessRequest.class).get(0).finish(sharpness());
        service.sweeps.get(0).finish(sweep());
        assertEquals(1, model.panelsProperty().get().size(), "overall only while the stragglers are unknown");
        LayersViewModelTest fixtures = new LayersViewModelTest();
        fixtures.alphas = List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0);
        service.analyses(org.rftworkbench.core.service.StragglerRequest.class).get(0).finish(fixtures.stragglers());
        assertEquals(2, model.panelsProperty().get().size());
    }
}
