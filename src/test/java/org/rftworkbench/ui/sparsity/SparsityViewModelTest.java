package org.rftworkbench.ui.sparsity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.eval.FailureMetrics;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.layers.StragglerAnalysis;
import org.rftworkbench.core.layers.StragglerCriterion;
import org.rftworkbench.core.layers.Stragglers;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.SparsityRequest;
import org.rftworkbench.core.service.StragglerRequest;
import org.rftworkbench.core.sparsity.PathEvaluation.PathResult;
import org.rftworkbench.core.sparsity.SparsitySpec;
import org.rftworkbench.core.sparsity.TensorFilter;
import org.rftworkbench.testutil.FakeComputeService;
import org.rftworkbench.testutil.TinyProject;
import org.rftworkbench.ui.common.FxThread;

/** Straggler preselection, Apply's before/after requests, the metrics table, undo and latest-wins, no toolkit. */
class SparsityViewModelTest {
    static final List<String> GROUPS = List.of("patch embedding", "embeddings", "ln_pre", "resblock 0", "resblock 1",
            "resblock 2", "ln_post+proj", "head");
    static final List<String> STRAGGLERS = List.of("resblock 0", "resblock 2");

    @TempDir
    Path dir;
    private FakeComputeService service;
    private SparsityViewModel model;

    @BeforeEach
    void setUp() throws Exception {
        service = new FakeComputeService();
        model = new SparsityViewModel(service, FxThread.INLINE);
        model.open(ProjectStore.load(TinyProject.create(dir)));
    }

    static StragglerAnalysis.Result stragglers() {
        List<Stragglers.Row> rows = GROUPS.stream().map(g -> new Stragglers.Row(g,
                Map.of(StragglerCriterion.INSTABILITY, STRAGGLERS.contains(g) ? 0.3 : 0.01),
                Map.of(StragglerCriterion.INSTABILITY, STRAGGLERS.contains(g)), STRAGGLERS.contains(g) ? 1 : 0))
                .toList();
        Stragglers.Report report = new Stragglers.Report(StragglerCriterion.INSTABILITY, Stragglers.Selection.top(2),
                List.of(StragglerCriterion.INSTABILITY), rows, STRAGGLERS, STRAGGLERS, Map.of());
        return new StragglerAnalysis.Result(null, Map.of(), Map.of(), report);
    }

    /** A path over alphas 0, 0.5, 1 with these avg-OOD and ID accuracies (fractions). */
    static PathResult path(double[] ood, double[] id) {
        double[] alphas = {0, 0.5, 1};
        List<SweepResult.Point> points = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, SweepResult.Metrics> m = new LinkedHashMap<>();
            m.put("id", new SweepResult.Metrics("id", 40, id[i], 1, 1 - id[i]));
            m.put("ood", new SweepResult.Metrics("ood", 40, ood[i], 1, 1 - ood[i]));
            points.add(new SweepResult.Point(alphas[i], m, ood[i]));
        }
        return new PathResult(points, FailureMetrics.ofAccuracy(alphas, ood, 0.001), "id",
                FailureMetrics.barrier(alphas, new double[] {1 - id[0], 1 - id[1], 1 - id[2]}),
                FailureMetrics.barrier(alphas, new double[] {1 - id[0], 1 - id[1], 1 - id[2]}));
    }

    static final PathResult FAILING = path(new double[] {0.50, 0.36, 0.37}, new double[] {0.75, 0.70, 0.82});
    static final PathResult MITIGATED = path(new double[] {0.50, 0.52, 0.40}, new double[] {0.75, 0.78, 0.80});
    static final PathResult CONTROL = path(new double[] {0.50, 0.37, 0.37}, new double[] {0.75, 0.71, 0.82});

    private void findStragglers() {
        model.show();
        List<FakeComputeService.Job<StragglerAnalysis.Result>> jobs = service.analyses(StragglerRequest.class);
        assertEquals(1, jobs.size());
        jobs.get(0).finish(stragglers());
    }

    private List<FakeComputeService.Job<PathResult>> paths() {
        return service.analyses(SparsityRequest.class);
    }

    @Test
    void showingTheViewAsksForStragglersOnceWithTheCliDefaultsAndPreselectsThem() {
        assertTrue(service.analyses.isEmpty(), "nothing is computed before the view is shown");
        model.show();
        model.show();
        assertEquals(1, service.analyses.size());
        StragglerRequest request = (StragglerRequest) service.analyses.get(0).request();
        assertEquals(StragglerCriterion.INSTABILITY, request.primary());
        assertEquals(Stragglers.Selection.top(SparsityViewModel.DEFAULT_TOP_K), request.selection());
        assertEquals(1.0, request.baseAlpha());
        assertEquals(SparsityViewModel.STRAGGLERS_KEY, service.analyses.get(0).key);
        assertFalse(model.groupsReadyProperty().get());

        service.analyses(StragglerRequest.class).get(0).finish(stragglers());
        assertTrue(model.groupsReadyProperty().get());
        assertEquals(GROUPS, model.groups().stream().map(GroupChoice::name).toList(), "network order");
        assertEquals(STRAGGLERS, model.groups().stream().filter(g -> g.selectedProperty().get())
                .map(GroupChoice::name).toList());
        assertTrue(model.statusProperty().get().contains("resblock 0, resblock 2"), model.statusProperty().get());
    }

    @Test
    void applySubmitsTheUnchangedAndTheSparsifiedPathWithTheChosenSpecThenFillsTheMetrics() {
        findStragglers();
        model.methodProperty().set(SparsitySpec.Method.MAGNITUDE);
        model.ratioProperty().set(0.7);
        model.placementProperty().set(SparsitySpec.Placement.FINETUNED);
        model.groups().get(4).selectedProperty().set(true); // resblock 1 as well
        model.apply();

        assertEquals(2, paths().size(), "before and after, no control");
        SparsityRequest before = (SparsityRequest) paths().get(0).request();
        SparsityRequest after = (SparsityRequest) paths().get(1).request();
        assertNull(before.spec(), "the unchanged path");
        assertEquals(SparsityViewModel.BEFORE_KEY, paths().get(0).key);
        assertEquals(SparsityViewModel.AFTER_KEY, paths().get(1).key);
        assertEquals(new SparsitySpec(SparsitySpec.Method.MAGNITUDE, 0.7, 0, SparsitySpec.Placement.FINETUNED,
                SparsitySpec.Scope.PER_TENSOR, false, List.of("resblock 0", "resblock 1", "resblock 2"),
                TensorFilter.WEIGHT_MATRICES), after.spec());
        assertEquals(before.alphas(), after.alphas());
        assertTrue(model.runningProperty().get());

        paths().get(1).finish(MITIGATED);
        assertNull(model.outcomeProperty().get(), "waits for both paths");
        paths().get(0).finish(FAILING);
        assertFalse(model.runningProperty().get());
        SparsityOutcome outcome = model.outcomeProperty().get();
        assertSame(FAILING, outcome.before());
        assertSame(MITIGATED, outcome.after());
        assertNull(outcome.control());
        Map<String, MetricRow> rows = new LinkedHashMap<>();
        model.metrics().forEach(r -> rows.put(r.metric(), r));
        assertEquals("−14.00", rows.get("G_zs: gain over zero-shot (pp)").before());
        assertEquals("+2.00", rows.get("G_zs: gain over zero-shot (pp)").after());
        assertEquals("yes", rows.get("failure (G_zs ≤ tolerance)").before());
        assertEquals("no", rows.get("failure (G_zs ≤ tolerance)").after());
        assertEquals("α 0.5", rows.get("OOD dip below both ends").before());
        assertEquals("none", rows.get("OOD dip below both ends").after());
        assertEquals("50.00", rows.get("avg OOD at α = 0 (%)").after());
        assertEquals("52.00 (α 0.5)", rows.get("best interior avg OOD (%)").after());
        // ID error barrier: max error 0.30 - mean(0.25, 0.18) = 0.085
        assertEquals("8.50", rows.get("ID error barrier (pp)").before());
        assertEquals("", rows.get("G_zs: gain over zero-shot (pp)").control());
        assertFalse(model.canUndoProperty().get(), "nothing to return to after the first Apply");
    }

    @Test
    void rescalingReachesTheSpecOnlyForTheTaskVectorPlacement() {
        findStragglers();
        model.rescaleProperty().set(true);
        model.apply();
        SparsitySpec taskVector = ((SparsityRequest) paths().get(1).request()).spec();
        assertTrue(taskVector.rescale(), "DARE: kept entries scaled by 1/(1-s)");
        model.placementProperty().set(SparsitySpec.Placement.FINETUNED);
        model.apply();
        SparsitySpec finetuned = ((SparsityRequest) paths().get(paths().size() - 1).request()).spec();
        assertFalse(finetuned.rescale(), "rescaling applies to the task vector only");
        assertFalse(model.currentSettings().rescale());
    }

    @Test
    void theControlSparsifiesAsManyNonStragglerGroupsThatHoldWeightMatrices() {
        findStragglers();
        model.controlProperty().set(true);
        model.apply();
        assertEquals(3, paths().size());
        SparsitySpec control = ((SparsityRequest) paths().get(2).request()).spec();
        assertEquals(SparsityViewModel.CONTROL_KEY, paths().get(2).key);
        assertEquals(2, control.groups().size());
        for (String g : control.groups()) {
            assertFalse(STRAGGLERS.contains(g), g);
            assertFalse(SparsityViewModel.NO_WEIGHT_MATRICES.contains(g), g);
        }
        assertEquals(control.groups(), model.controlGroups(STRAGGLERS), "seeded: the same draw every time");
        paths().get(0).finish(FAILING);
        paths().get(1).finish(MITIGATED);
        paths().get(2).finish(CONTROL);
        assertSame(CONTROL, model.outcomeProperty().get().control());
        assertEquals(control.groups(), model.outcomeProperty().get().controlGroups());
        assertEquals("−13.00", model.metrics().stream().filter(r -> r.metric().startsWith("G_zs")).findFirst()
                .orElseThrow().control());
    }

    @Test
    void undoRestoresThePreviousSettingsAndResultWithoutComputing() {
        findStragglers();
        model.ratioProperty().set(0.3);
        model.apply();
        paths().get(0).finish(FAILING);
        paths().get(1).finish(CONTROL);
        SparsityOutcome first = model.outcomeProperty().get();

        model.ratioProperty().set(0.9);
        model.methodProperty().set(SparsitySpec.Method.MAGNITUDE);
        model.groups().get(0).selectedProperty().set(true);
        model.controlProperty().set(true);
        model.apply();
        paths().forEach(j -> {
            if (!j.result().isDone()) {
                j.finish(j.request() == paths().get(2).request() ? FAILING : MITIGATED);
            }
        });
        assertEquals(0.9, model.outcomeProperty().get().settings().ratio());
        assertTrue(model.canUndoProperty().get());

        int submitted = service.analyses.size();
        model.undo();
        assertEquals(submitted, service.analyses.size(), "undo recomputes nothing");
        assertSame(first, model.outcomeProperty().get());
        assertEquals(0.3, model.ratioProperty().get());
        assertEquals(SparsitySpec.Method.RANDOM, model.methodProperty().get());
        assertFalse(model.controlProperty().get());
        assertEquals(STRAGGLERS, model.currentSettings().groups());
        assertEquals(FailureTable.rows(first), model.metrics());
        assertFalse(model.canUndoProperty().get());
        model.undo(); // nothing left: no change
        assertSame(first, model.outcomeProperty().get());
    }

    @Test
    void theLatestApplyWinsAndOlderResultsAreDropped() {
        findStragglers();
        model.ratioProperty().set(0.2);
        model.apply();
        List<FakeComputeService.Job<PathResult>> older = List.copyOf(paths());
        model.ratioProperty().set(0.6);
        model.apply();
        assertTrue(older.stream().allMatch(j -> j.cancelled), "the older Apply's jobs are cancelled");
        List<FakeComputeService.Job<PathResult>> newer = paths().subList(2, 4);
        newer.get(0).finish(FAILING);
        newer.get(1).finish(MITIGATED);
        assertEquals(0.6, model.outcomeProperty().get().settings().ratio());
        assertFalse(model.canUndoProperty().get(), "a superseded Apply leaves nothing to undo");
        assertFalse(model.statusProperty().get().startsWith("sparsity failed"), model.statusProperty().get());
    }

    @Test
    void applyWithoutGroupsSaysSoAndSubmitsNothing() {
        findStragglers();
        model.groups().forEach(g -> g.selectedProperty().set(false));
        model.apply();
        assertTrue(paths().isEmpty());
        assertEquals("choose at least one group", model.statusProperty().get());
    }

    @Test
    void exportBuildsTheShownChartWithTheSweepsProvenanceAndTheSparsitySettings() throws Exception {
        assertNull(model.exportableFigure().toCompletableFuture().get(), "nothing applied yet");
        findStragglers();
        model.controlProperty().set(true);
        model.apply();
        paths().get(0).finish(FAILING);
        paths().get(1).finish(MITIGATED);
        paths().get(2).finish(CONTROL);
        var pending = model.exportableFigure().toCompletableFuture();
        assertEquals(1, service.sweeps.size(), "provenance comes from the (cached) sweep");
        SweepResult.Provenance provenance = new SweepResult.Provenance("p.json", "model",
                new SweepResult.Checkpoint("zero-shot", "a.st", "aa11"), new SweepResult.Checkpoint("fine-tuned",
                        "b.st", "bb22"), Map.of(), Map.of(), "engine");
        service.sweeps.get(0).finish(new SweepResult("rft-workbench", "v", "now", provenance, List.of()));
        var exportable = pending.get();
        assertEquals("bb22", exportable.provenance().checkpoints().get(1).sha256());
        assertTrue(exportable.provenance().settings().get("after").toString().contains("groups=resblock 0|resblock 2"));
        var figure = exportable.build().apply(org.rftworkbench.figures.FigureStyle.of(
                org.rftworkbench.figures.PaperPreset.SINGLE_COLUMN));
        // avg OOD and ID, each before / after / control, three alphas each
        assertEquals(6 * 3, figure.data().rows().size());
        assertEquals("avg OOD · before", figure.data().rows().get(0).get(0));
        assertEquals(100 * 0.52, Double.parseDouble(figure.data().rows().get(4).get(2)), 1e-9, "after at 0.5");
    }
}
