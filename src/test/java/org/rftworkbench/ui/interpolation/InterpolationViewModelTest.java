package org.rftworkbench.ui.interpolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.eval.CoarseFirstOrder;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.Estimate;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.PreviewRequest;
import org.rftworkbench.core.service.PreviewResult;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.SweepRequest;
import org.rftworkbench.testutil.FakeComputeService;
import org.rftworkbench.testutil.TinyProject;
import org.rftworkbench.ui.common.FxThread;

/** The slider's request/apply cycle, latest wins, the background grid, without a toolkit. */
class InterpolationViewModelTest {
    @TempDir
    Path dir;
    private FakeComputeService service;
    private InterpolationViewModel model;

    @BeforeEach
    void setUp() throws Exception {
        service = new FakeComputeService();
        model = new InterpolationViewModel(service, FxThread.INLINE);
        model.open(ProjectStore.load(TinyProject.create(dir)));
    }

    private static Estimate estimate(String name, double top1, boolean exact) {
        return new Estimate(name, Math.round(top1 * 40), exact ? 40 : 10, 40, top1, top1 - 0.1, top1 + 0.1, 1.0, exact);
    }

    private static PreviewResult result(double alpha, double id, double ood) {
        Map<String, Estimate> m = new LinkedHashMap<>();
        m.put("id", estimate("id", id, true));
        m.put("ood", estimate("ood", ood, true));
        return new PreviewResult(alpha, m, estimate("avg_ood", ood, true), false);
    }

    @Test
    void openingStartsAnInteractivePreviewAndACoarseFirstBackgroundGrid() {
        assertEquals(List.of("id", "ood", "avg_ood"), model.readouts().stream().map(Readout::dataset).toList());
        assertEquals(1, service.previews.size());
        FakeComputeService.Job<PreviewResult> preview = service.previews.get(0);
        assertEquals(Priority.INTERACTIVE, preview.priority());
        assertEquals(InterpolationViewModel.PREVIEW_KEY, preview.key);
        assertEquals(0.5, ((PreviewRequest) preview.request()).alpha());
        // one background job at a time, endpoints first
        assertEquals(1, service.sweeps.size());
        assertEquals(Priority.BACKGROUND, service.sweeps.get(0).priority());
        assertEquals(List.of(0.0), ((SweepRequest) service.sweeps.get(0).request()).alphas());
        service.sweeps.get(0).finish(sweep(0.0, 0.6, 0.7));
        assertEquals(List.of(1.0), ((SweepRequest) service.sweeps.get(1).request()).alphas());
        service.sweeps.get(1).finish(sweep(1.0, 0.9, 0.5));
        assertEquals(List.of(0.5), ((SweepRequest) service.sweeps.get(2).request()).alphas());
        TreeMap<Double, Double> avg = model.curvesProperty().get().get("avg_ood");
        assertEquals(0.7, avg.get(0.0));
        assertEquals(0.5, avg.get(1.0));
    }

    @Test
    void estimatesOfAnOlderSliderPositionAreIgnored() {
        FakeComputeService.Job<PreviewResult> old = service.previews.get(0);
        model.alphaProperty().set(0.8);
        FakeComputeService.Job<PreviewResult> latest = service.previews.get(1);
        assertEquals(0.8, ((PreviewRequest) latest.request()).alpha());
        old.events.accept(new JobEvent.Estimates(old.id(), 0.5, List.of(estimate("id", 0.11, false)), null));
        assertNull(model.readouts().get(0).estimate(), "stale estimate must not reach the readouts");
        latest.events.accept(new JobEvent.Estimates(latest.id(), 0.8, List.of(estimate("id", 0.77, false)), null));
        assertEquals(0.77, model.readouts().get(0).estimate().top1());
        assertTrue(model.readouts().get(0).text().contains("["), model.readouts().get(0).text());
        latest.finish(result(0.8, 0.8125, 0.6));
        assertEquals("81.25 %", model.readouts().get(0).text());
        assertEquals(0.6, model.curvesProperty().get().get("avg_ood").get(0.8));
    }

    @Test
    void theBackgroundGridFollowsTheCoreCoarseFirstOrder() throws Exception {
        Path project = TinyProject.create(dir.resolve("fine"));
        Files.writeString(project, Files.readString(project).replaceAll("\"step\"\\s*:\\s*0\\.5",
                "\"step\" : 0.125"));
        FakeComputeService fine = new FakeComputeService();
        InterpolationViewModel m = new InterpolationViewModel(fine, FxThread.INLINE);
        m.open(ProjectStore.load(project));
        List<Double> asked = new ArrayList<>();
        for (int i = 0; i < fine.sweeps.size(); i++) { // each finished point submits the next
            FakeComputeService.Job<SweepResult> job = fine.sweeps.get(i);
            double a = ((SweepRequest) job.request()).alphas().get(0);
            asked.add(a);
            job.finish(sweep(a, 0.5, 0.5));
        }
        assertEquals(CoarseFirstOrder.of(List.of(0.0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1.0)), asked);
    }

    @Test
    void anInvalidAlphaGridIsShownNotReplaced() throws Exception {
        Path project = TinyProject.create(dir.resolve("bad"));
        Files.writeString(project, Files.readString(project).replaceAll("\"step\"\\s*:\\s*0\\.5",
                "\"step\" : -0.5"));
        FakeComputeService bad = new FakeComputeService();
        InterpolationViewModel m = new InterpolationViewModel(bad, FxThread.INLINE);
        m.open(ProjectStore.load(project));
        assertEquals(0, bad.sweeps.size(), "no grid: not the project's, and no fallback grid either");
        assertTrue(m.statusProperty().get().contains("alphaGrid") && m.statusProperty().get().contains("step must "
                + "be positive"), m.statusProperty().get());
        assertEquals(1, bad.previews.size(), "the slider still works");
    }

    @Test
    void aNewProjectDropsTheOldProjectsLateResults() throws Exception {
        FakeComputeService.Job<PreviewResult> oldPreview = service.previews.get(0);
        FakeComputeService.Job<SweepResult> oldGrid = service.sweeps.get(0);
        model.open(ProjectStore.load(TinyProject.create(dir.resolve("other"))));
        assertTrue(oldPreview.cancelled && oldGrid.cancelled);
        oldPreview.events.accept(new JobEvent.Estimates(oldPreview.id(), 0.5, List.of(estimate("id", 0.11, false)),
                null));
        assertNull(model.readouts().get(0).estimate());
        assertTrue(model.curvesProperty().get().get("avg_ood").isEmpty());
        assertEquals(2, service.sweeps.size(), "only the new project's grid runs");
    }

    @Test
    void axisLabelStatesTheConvention() {
        assertTrue(model.alphaAxisLabel().contains("(1−α)·A + α·B"));
        model.flipConventionProperty().set(true);
        assertTrue(model.alphaAxisLabel().contains("α·A + (1−α)·B"));
    }

    @Test
    void alphasWhoseLogitsHeldNanOrInfAreMarkedAndAFiniteRerunClearsTheMark() {
        FakeComputeService.Job<SweepResult> first = service.sweeps.get(0);
        Map<String, SweepResult.Metrics> m = new LinkedHashMap<>();
        m.put("id", new SweepResult.Metrics("id", 40, 0.0, 0.0, Double.NaN, 40));
        m.put("ood", new SweepResult.Metrics("ood", 40, 0.5, 1, 1, 0));
        first.finish(new SweepResult("t", "v", "now", null, List.of(new SweepResult.Point(0.0, m, 0.5))));
        assertEquals(java.util.Set.of(0.0), model.nonFiniteAlphasProperty().get());
        // a preview at 0.5 with NaN rows in one set is marked too
        Map<String, Estimate> e = new LinkedHashMap<>();
        e.put("id", new Estimate("id", 0, 40, 40, 0.0, 0.0, 0.1, Double.NaN, true, 3));
        e.put("ood", estimate("ood", 0.5, true));
        service.previews.get(0).finish(new PreviewResult(0.5, e, estimate("avg_ood", 0.5, true), false));
        assertEquals(java.util.Set.of(0.0, 0.5), model.nonFiniteAlphasProperty().get());
        // the same alpha evaluated again with finite logits (e.g. after fixing the checkpoint) loses its mark
        model.alphaProperty().set(0.0);
        service.previews.get(service.previews.size() - 1).finish(result(0.0, 0.6, 0.7));
        assertEquals(java.util.Set.of(0.5), model.nonFiniteAlphasProperty().get());
    }

    /**
     * At real size a measured estimate takes seconds; the readouts show the grid's interpolation in the same call
     * that moved the slider (the same FX pulse), labelled as such, before any service event arrives.
     */
    @Test
    void aSliderMoveBetweenComputedAlphasShowsTheGridsInterpolationAtOnce() {
        service.sweeps.get(0).finish(sweep(0.0, 0.60, 0.70));
        service.sweeps.get(1).finish(sweep(1.0, 0.90, 0.50));
        int previews = service.previews.size();
        model.alphaProperty().set(0.3);
        assertEquals(previews + 1, service.previews.size(), "the measured preview is still asked for");
        FakeComputeService.Job<PreviewResult> preview = service.previews.get(service.previews.size() - 1);
        assertEquals("≈ 69.0 % interpolated from α 0 and 1", model.readouts().get(0).text(), "no event yet");
        assertEquals("≈ 64.0 % interpolated from α 0 and 1", model.readouts().get(2).text(), "avg OOD");
        assertEquals(0.69, model.readouts().get(0).top1(), 1e-12);
        assertNull(model.readouts().get(0).estimate());

        // a grid point computed meanwhile narrows the bracket
        service.sweeps.get(2).finish(sweep(0.5, 0.80, 0.66));
        assertEquals("≈ 67.6 % interpolated from α 0 and 0.5", model.readouts().get(1).text());
        // the flipped convention names the displayed alphas
        model.flipConventionProperty().set(true);
        assertEquals("≈ 67.6 % interpolated from α 0.5 and 1", model.readouts().get(1).text());
        model.flipConventionProperty().set(false);

        // the first measured estimate replaces it, then the exact value
        preview.events.accept(new JobEvent.Estimates(preview.id(), 0.3, List.of(estimate("id", 0.7, false)), null));
        assertTrue(model.readouts().get(0).text().contains("n=10"), model.readouts().get(0).text());
        preview.finish(result(0.3, 0.7, 0.68));
        assertEquals("70.00 %", model.readouts().get(0).text());

        model.alphaProperty().set(0.5);
        assertEquals("80.00 % computed at α 0.5", model.readouts().get(0).text(), "a computed alpha: its value");
    }

    @Test
    void noInstantEstimateOutsideTheComputedRangeOrBeforeTheGrid() {
        model.alphaProperty().set(0.3);
        assertEquals("…", model.readouts().get(0).text(), "nothing computed yet");
        service.sweeps.get(0).finish(sweep(0.0, 0.60, 0.70));
        assertEquals("…", model.readouts().get(0).text(), "one side only: no extrapolation");
        model.extrapolationProperty().set(true);
        service.sweeps.get(1).finish(sweep(1.0, 0.90, 0.50));
        model.alphaProperty().set(1.2);
        assertEquals("…", model.readouts().get(0).text());
    }

    private static SweepResult sweep(double alpha, double id, double ood) {
        Map<String, SweepResult.Metrics> m = new LinkedHashMap<>();
        m.put("id", new SweepResult.Metrics("id", 40, id, 1, 1));
        m.put("ood", new SweepResult.Metrics("ood", 40, ood, 1, 1));
        return new SweepResult("t", "v", "now", null, List.of(new SweepResult.Point(alpha, m, ood)));
    }
}
