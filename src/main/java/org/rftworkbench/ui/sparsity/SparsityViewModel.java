package org.rftworkbench.ui.sparsity;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.AlphaGrids;
import org.rftworkbench.core.eval.FailureMetrics;
import org.rftworkbench.core.layers.ErrorMetric;
import org.rftworkbench.core.layers.StragglerAnalysis;
import org.rftworkbench.core.layers.StragglerCriterion;
import org.rftworkbench.core.layers.Stragglers;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.service.BasicJobHandle;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.JobHandle;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.SparsityRequest;
import org.rftworkbench.core.service.StragglerRequest;
import org.rftworkbench.core.sparsity.PathEvaluation.PathResult;
import org.rftworkbench.core.sparsity.SparsityExperiment;
import org.rftworkbench.core.sparsity.SparsitySpec;
import org.rftworkbench.core.service.SweepRequest;
import org.rftworkbench.figures.FigureProvenance;
import org.rftworkbench.figures.SparsityFigure;
import org.rftworkbench.figures.SparsityFigures;
import org.rftworkbench.ui.common.ExportableFigure;
import org.rftworkbench.ui.common.LatestJob;

/**
 * State of the sparsity view (method-notes sections 5 and 6): the block groups with the stragglers preselected, the
 * method, ratio and placement, an optional random non-straggler control, the before/after paths with their
 * failure-mode metrics, and an undo history.
 *
 * <p>The stragglers come from a {@link StragglerRequest} with the CLI's defaults (layer-wise loss instability with
 * the other groups at B, top-{@value #DEFAULT_TOP_K}), asked for when the view is first shown for a project. Apply
 * captures the settings and submits the unchanged path, the sparsified path and, when chosen, the control as
 * {@link SparsityRequest}s (keys {@value #BEFORE_KEY}, {@value #AFTER_KEY}, {@value #CONTROL_KEY}, so the service drops
 * an older Apply's jobs); only the latest Apply's results are applied. Each applied outcome pushes the previous one on
 * the history, so {@link #undo()} restores settings and result at once, without recomputing.
 *
 * <p>All public methods must be called on the FX thread (the {@code fx} executor's thread).
 */
public final class SparsityViewModel {
    public static final String STRAGGLERS_KEY = "sparsity-stragglers";
    public static final String BEFORE_KEY = "sparsity-before";
    public static final String AFTER_KEY = "sparsity-after";
    public static final String CONTROL_KEY = "sparsity-control";
    /** Stragglers preselected: the K most unstable groups, as the CLI's {@code stragglers}/{@code sparsify}. */
    public static final int DEFAULT_TOP_K = 2;
    /**
     * Groups that hold no tensor the default filter ({@link org.rftworkbench.core.sparsity.TensorFilter#WEIGHT_MATRICES})
     * accepts in the open_clip layout: embeddings are excluded by name and ln_pre is 1-D. A control drawn from them
     * would sparsify nothing, so they are left out of the control's pool.
     */
    static final Set<String> NO_WEIGHT_MATRICES = Set.of("embeddings", "ln_pre");

    private final ComputeService service;

    private final ObjectProperty<LoadedProject> project = new SimpleObjectProperty<>();
    private final ObservableList<GroupChoice> groups = FXCollections.observableArrayList();
    private final ObjectProperty<SparsitySpec.Method> method = new SimpleObjectProperty<>(SparsitySpec.Method.RANDOM);
    private final DoubleProperty ratio = new SimpleDoubleProperty(0.5);
    private final ObjectProperty<SparsitySpec.Placement> placement =
            new SimpleObjectProperty<>(SparsitySpec.Placement.TASK_VECTOR);
    private final BooleanProperty control = new SimpleBooleanProperty(false);
    private final BooleanProperty rescale = new SimpleBooleanProperty(false);
    private final StringProperty status = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper groupsReady = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(false);
    private final ObjectProperty<SparsityOutcome> outcome = new SimpleObjectProperty<>();
    private final ObservableList<MetricRow> metrics = FXCollections.observableArrayList();
    private final Deque<SparsityOutcome> history = new ArrayDeque<>();

    private boolean stragglersRequested;
    private final LatestJob<StragglerAnalysis.Result> stragglerJob;
    /** The latest Apply's paths; a newer Apply, an Undo or another project discards it. */
    private final LatestJob<Paths> applyJob;

    /** The paths of one Apply: unchanged, sparsified and (null when not asked for) the control. */
    private record Paths(PathResult before, PathResult after, PathResult control) {
    }

    /**
     * @param service where the work runs (the app passes its tracking service so the jobs panel shows it)
     * @param fx      applies results on the FX thread
     */
    public SparsityViewModel(ComputeService service, Executor fx) {
        this.service = service;
        this.stragglerJob = new LatestJob<>(fx, STRAGGLERS_KEY);
        this.applyJob = new LatestJob<>(fx, null); // each path has its own key
    }

    /** The open project (null = none). */
    public ObjectProperty<LoadedProject> projectProperty() {
        return project;
    }

    /** Every block group in network order, stragglers preselected once known. */
    public ObservableList<GroupChoice> groups() {
        return groups;
    }

    public ObjectProperty<SparsitySpec.Method> methodProperty() {
        return method;
    }

    /** Fraction of the chosen groups' weight matrices to zero, 0..{@link SparsitySettings#MAX_RATIO}. */
    public DoubleProperty ratioProperty() {
        return ratio;
    }

    public ObjectProperty<SparsitySpec.Placement> placementProperty() {
        return placement;
    }

    /** Also evaluate the same sparsity on as many random non-straggler groups (the control). */
    public BooleanProperty controlProperty() {
        return control;
    }

    /** Task-vector placement: scale the kept entries by 1 / (1 - ratio) (DARE); ignored for other placements. */
    public BooleanProperty rescaleProperty() {
        return rescale;
    }

    public StringProperty statusProperty() {
        return status;
    }

    /** True once the group list (and the straggler preselection) is known. */
    public ReadOnlyBooleanProperty groupsReadyProperty() {
        return groupsReady.getReadOnlyProperty();
    }

    /** True while an Apply's paths are being evaluated. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    /** The latest applied outcome (null before the first Apply). */
    public ObjectProperty<SparsityOutcome> outcomeProperty() {
        return outcome;
    }

    /** The failure-mode metrics of the current outcome, before vs after (vs control). */
    public ObservableList<MetricRow> metrics() {
        return metrics;
    }

    /**
     * The chart data of an outcome: avg OOD and ID before (dashed), after (solid) and control (dotted), as the window
     * and the exported figure draw it.
     */
    public static SparsityFigure.Data figureData(SparsityOutcome o) {
        SparsitySettings s = o.settings();
        String after = "after (" + s.method().name().toLowerCase(Locale.ROOT) + " s = "
                + SparsityFigures.ratioText(s.ratio()) + ")";
        return SparsityFigures.beforeAfter(o.before(), o.after(), o.control(), after,
                "Sparsity on " + String.join(", ", s.groups()) + " (" + s.placement().label() + ")");
    }

    /**
     * The current before/after chart for Export Figure: the project's sweep is asked for through the service (served
     * from the result cache) for the provenance (checkpoint hashes, datasets, alphas), to which the sparsity settings
     * and failure metrics are added. Completes with null when nothing has been applied yet.
     */
    public CompletionStage<ExportableFigure> exportableFigure() {
        LoadedProject p = project.get();
        SparsityOutcome o = outcome.get();
        if (p == null || o == null) {
            return CompletableFuture.completedFuture(null);
        }
        SparsityFigure.Data data = figureData(o);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("after", o.settings().spec(o.settings().groups()).descriptor());
        if (!o.controlGroups().isEmpty()) {
            settings.put("control", o.settings().spec(o.controlGroups()).descriptor());
        }
        settings.put("failureTolerance", FailureMetrics.DEFAULT_TOLERANCE);
        Map<String, Object> failure = new LinkedHashMap<>();
        failure.put("before", o.before().failure());
        failure.put("after", o.after().failure());
        if (o.control() != null) {
            failure.put("control", o.control().failure());
        }
        settings.put("failureMetrics", failure);
        SweepRequest request;
        try {
            request = new SweepRequest(p.file().toString(), AlphaGrids.of(p.spec().alphaGrid()), null, null, null,
                    false, p.spec().selectedRun());
        } catch (RftException e) {
            return CompletableFuture.failedFuture(e);
        }
        return service.sweep(request, Priority.USER, null, e -> { }).result().thenApply(sweep ->
                new ExportableFigure(SparsityFigure.NAME, style -> SparsityFigure.build(data, style),
                        FigureProvenance.of(sweep).plus(settings, List.of())));
    }

    /** Switches to another project: forgets groups, results and history; stragglers are asked for on {@link #show()}. */
    public void open(LoadedProject loaded) {
        cancelAll();
        project.set(loaded);
        groups.clear();
        groupsReady.set(false);
        history.clear();
        canUndo.set(false);
        outcome.set(null);
        metrics.clear();
        stragglersRequested = false;
        status.set("");
    }

    /** The view became visible: find the stragglers of the open project unless already asked for. */
    public void show() {
        LoadedProject p = project.get();
        if (p == null || stragglersRequested) {
            return;
        }
        List<Double> grid;
        try {
            grid = AlphaGrids.of(p.spec().alphaGrid());
        } catch (RftException e) {
            status.set(e.getMessage());
            return;
        }
        stragglersRequested = true;
        status.set("finding stragglers (layer-wise instability)…");
        StragglerRequest request = new StragglerRequest(p.file().toString(), grid, 1.0, ErrorMetric.LOSS, null,
                StragglerCriterion.INSTABILITY, Stragglers.Selection.top(DEFAULT_TOP_K), null, null, false,
                p.spec().selectedRun());
        stragglerJob.submit((key, events) -> service.analyze(request, Priority.USER, key, events),
                LatestJob.Callbacks.onResult(this::applyStragglers).onFailure(error -> {
                    stragglersRequested = false;
                    if (!(error instanceof CancellationException)) {
                        status.set("straggler search failed: " + message(error));
                    }
                }));
    }

    private void applyStragglers(StragglerAnalysis.Result result) {
        Set<String> stragglers = new HashSet<>(result.report().stragglers());
        groups.clear();
        for (Stragglers.Row row : result.report().rows()) {
            boolean flagged = stragglers.contains(row.group());
            groups.add(new GroupChoice(row.group(), flagged, flagged));
        }
        groupsReady.set(true);
        status.set("stragglers: " + String.join(", ", result.report().stragglers()));
    }

    /** The settings as the widgets show them now. */
    public SparsitySettings currentSettings() {
        return new SparsitySettings(groups.stream().filter(g -> g.selectedProperty().get()).map(GroupChoice::name)
                .toList(), method.get(), ratio.get(), placement.get(), control.get(),
                rescale.get() && placement.get() == SparsitySpec.Placement.TASK_VECTOR);
    }

    /**
     * Evaluates the unchanged and the sparsified path (and the control) with the current settings. Ignored without
     * a project, groups or a valid ratio (the status says why).
     */
    public void apply() {
        LoadedProject p = project.get();
        if (p == null || !groupsReady.get()) {
            return;
        }
        SparsitySettings settings = currentSettings();
        if (settings.groups().isEmpty()) {
            status.set("choose at least one group");
            return;
        }
        if (!(settings.ratio() >= 0 && settings.ratio() <= SparsitySettings.MAX_RATIO)) {
            status.set("the ratio must be between 0 and " + SparsitySettings.MAX_RATIO);
            return;
        }
        List<Double> grid;
        try {
            grid = AlphaGrids.of(p.spec().alphaGrid());
        } catch (RftException e) {
            status.set(e.getMessage());
            return;
        }
        List<String> controlGroups = settings.control() ? controlGroups(settings.groups()) : List.of();
        String file = p.file().toString();
        String run = p.spec().selectedRun();
        SparsityRequest before = new SparsityRequest(file, grid, null, FailureMetrics.DEFAULT_TOLERANCE, null, false,
                run);
        SparsityRequest after = new SparsityRequest(file, grid, settings.spec(settings.groups()),
                FailureMetrics.DEFAULT_TOLERANCE, null, false, run);
        SparsityRequest ctrl = controlGroups.isEmpty() ? null : new SparsityRequest(file, grid,
                settings.spec(controlGroups), FailureMetrics.DEFAULT_TOLERANCE, null, false, run);
        applyJob.submit((key, events) -> new ApplyJobs(submit(before, BEFORE_KEY), submit(after, AFTER_KEY),
                ctrl == null ? null : submit(ctrl, CONTROL_KEY)), LatestJob.Callbacks.<Paths>onResult(paths -> {
                    running.set(false);
                    SparsityOutcome next = new SparsityOutcome(settings, controlGroups, paths.before(), paths.after(),
                            paths.control());
                    if (outcome.get() != null) {
                        history.push(outcome.get());
                    }
                    canUndo.set(!history.isEmpty());
                    display(next);
                    status.set(summary(next));
                }).onFailure(error -> {
                    running.set(false);
                    if (!(error instanceof CancellationException)) {
                        status.set("sparsity failed: " + message(error));
                    }
                }));
        running.set(true);
        status.set("evaluating " + (ctrl == null ? 2 : 3) + " paths…");
    }

    /** The paths of one Apply as one job: its result is all of them, cancelling it cancels each. */
    private static final class ApplyJobs extends BasicJobHandle<Paths> {
        private final List<JobHandle<PathResult>> parts;

        ApplyJobs(JobHandle<PathResult> before, JobHandle<PathResult> after, JobHandle<PathResult> control) {
            super(after.id(), after.request(), after.priority());
            parts = control == null ? List.of(before, after) : List.of(before, after, control);
            CompletableFuture<PathResult> controlResult = control == null ? CompletableFuture.completedFuture(null)
                    : control.result();
            CompletableFuture.allOf(before.result(), after.result(), controlResult).whenComplete((ignored, error) -> {
                if (error != null) {
                    future.completeExceptionally(error);
                } else {
                    future.complete(new Paths(before.result().join(), after.result().join(), controlResult.join()));
                }
            });
        }

        @Override
        public void cancel() {
            parts.forEach(JobHandle::cancel);
        }
    }

    /** Returns to the previous settings and result (no recomputation); cancels an Apply in progress. */
    public void undo() {
        if (history.isEmpty()) {
            return;
        }
        applyJob.discard();
        running.set(false);
        SparsityOutcome previous = history.pop();
        canUndo.set(!history.isEmpty());
        restoreSettings(previous.settings());
        display(previous);
        status.set("undone: " + summary(previous));
    }

    /** Cancels the straggler search and any Apply in progress. */
    public void cancelAll() {
        if (stragglerJob.isRunning()) {
            stragglerJob.discard();
            stragglersRequested = false;
        }
        applyJob.discard();
        running.set(false);
    }

    private JobHandle<PathResult> submit(SparsityRequest request, String key) {
        return service.analyze(request, Priority.USER, key, e -> { });
    }

    /**
     * The control for {@code chosen}: as many groups as chosen, drawn with the CLI's seed from the groups that are
     * neither chosen nor stragglers and can hold weight matrices.
     */
    List<String> controlGroups(List<String> chosen) {
        // leaving the unchosen stragglers out of the pool makes this the CLI's draw when the stragglers are chosen
        List<String> pool = groups.stream().filter(g -> !NO_WEIGHT_MATRICES.contains(g.name()))
                .filter(g -> !g.straggler() || chosen.contains(g.name())).map(GroupChoice::name).toList();
        return SparsityExperiment.controlGroups(pool, chosen, SparsitySettings.SEED);
    }

    private void restoreSettings(SparsitySettings s) {
        method.set(s.method());
        ratio.set(s.ratio());
        placement.set(s.placement());
        control.set(s.control());
        rescale.set(s.rescale());
        Set<String> chosen = new HashSet<>(s.groups());
        groups.forEach(g -> g.selectedProperty().set(chosen.contains(g.name())));
    }

    private void display(SparsityOutcome o) {
        outcome.set(o);
        metrics.setAll(FailureTable.rows(o));
    }

    private static String summary(SparsityOutcome o) {
        SparsitySettings s = o.settings();
        return String.format(Locale.ROOT, "%s s = %s on %s (%s%s)%s", s.method().name().toLowerCase(Locale.ROOT),
                SparsityFigures.ratioText(s.ratio()), String.join(", ", s.groups()), s.placement().label(),
                s.rescale() ? ", rescaled" : "", o.controlGroups().isEmpty() ? ""
                        : "; control: " + String.join(", ", o.controlGroups()));
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private static String message(Throwable t) {
        Throwable cause = unwrap(t);
        String m = cause.getMessage();
        return m == null ? cause.toString() : m.lines().findFirst().orElse(m);
    }
}
