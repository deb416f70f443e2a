package org.rftworkbench.ui.layers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.property.SimpleStringProperty;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.AlphaGrids;
import org.rftworkbench.core.layers.ErrorMetric;
import org.rftworkbench.core.layers.LayerInstability;
import org.rftworkbench.core.layers.StragglerAnalysis;
import org.rftworkbench.core.layers.StragglerCriterion;
import org.rftworkbench.core.layers.Stragglers;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.SharpnessRequest;
import org.rftworkbench.core.service.StragglerRequest;
import org.rftworkbench.core.sharpness.SharpnessGroups;
import org.rftworkbench.core.sharpness.SharpnessResult;
import org.rftworkbench.core.sharpness.SharpnessSettings;
import org.rftworkbench.core.sharpness.SharpnessValue;
import org.rftworkbench.figures.FigureProvenance;
import org.rftworkbench.figures.LayerHeatmapFigure;
import org.rftworkbench.ui.common.FxThread;
import org.rftworkbench.ui.common.LatestJob;

/**
 * State of the Layers view: the chosen measure and sharpness settings, the layer x alpha heatmap being filled, the
 * overall sharpness curve, the stragglers and the selected layer's detail.
 *
 * <p>{@link #compute()} captures the settings (FX thread) and submits through the {@link ComputeService}: the
 * straggler analysis ({@value #STRAGGLERS_KEY}: layer-wise instability, weight change, top-{@value #DEFAULT_TOP_K}
 * stragglers by instability as the `stragglers` command does) when not yet known, and for the sharpness measure the
 * sharpness heatmap ({@value #SHARPNESS_KEY}). Sharpness cells arrive as {@link JobEvent.SharpnessCell} events on
 * the service's threads; they are queued and applied on the FX thread through a {@link FrameThrottle}, so the
 * heatmap redraws at most about ten times a second. A newer computation or another project supersedes an older one
 * (latest wins: its late cells are dropped). A cancelled job keeps the cells it finished; the service cached them,
 * so computing again resumes from there.
 *
 * <p>The finished {@link #sharpnessResultProperty() sharpness result} and
 * {@link #stragglerResultProperty() straggler result} are read-only properties shared with the correlation view.
 * All public methods must be called on the FX thread (the {@code fx} executor's thread).
 */
public final class LayersViewModel {
    public static final String SHARPNESS_KEY = "layers:sharpness";
    public static final String STRAGGLERS_KEY = "layers:stragglers";
    /** Stragglers are the top-k groups by instability, k as in the `stragglers` command's default. */
    public static final int DEFAULT_TOP_K = 2;
    /** Default radius of the worst case (method-notes headline) and noise scale of the average case (l2 grid). */
    public static final double WORST_CASE_RHO = 1e-3;
    public static final double AVERAGE_CASE_RHO = 0.1;

    private final ComputeService service;
    private final FrameThrottle cellThrottle;

    private final ObjectProperty<LoadedProject> project = new SimpleObjectProperty<>();
    private final ObjectProperty<LayerMeasure> measure = new SimpleObjectProperty<>(LayerMeasure.SHARPNESS);
    private final ObjectProperty<SharpnessPreset> preset = new SimpleObjectProperty<>(SharpnessPreset.QUICK);
    private final ObjectProperty<SharpnessSettings.Definition> definition =
            new SimpleObjectProperty<>(SharpnessSettings.Definition.WORST_CASE);
    private final DoubleProperty rho = new SimpleDoubleProperty(WORST_CASE_RHO);
    private final StringProperty selectedGroup = new SimpleStringProperty();

    private final ReadOnlyObjectWrapper<LayerHeatmapFigure.Data> heatmap = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<TreeMap<Double, Double>> overallSharpness =
            new ReadOnlyObjectWrapper<>(new TreeMap<>());
    private final ReadOnlyObjectWrapper<SharpnessResult> sharpnessResult = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<StragglerAnalysis.Result> stragglerResult = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<LayerDetail> detail = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper computing = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper settingsText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper cost = new ReadOnlyStringWrapper("");

    /** Cells of the current run received on the FX thread but not yet drawn (the throttle draws them). */
    private final List<SharpnessResult.Cell> pendingCells = new ArrayList<>();
    /** group -> alpha -> value of the current sharpness run; groups in the order they arrive (network order). */
    private final Map<String, TreeMap<Double, SharpnessValue>> cells = new LinkedHashMap<>();
    private List<Double> sharpnessAlphas = List.of();
    private SharpnessSettings runSettings;
    /** The sharpness heatmap: a newer run or another project supersedes it (its late cells are dropped). */
    private final LatestJob<SharpnessResult> sharpnessJob;
    private final LatestJob<StragglerAnalysis.Result> stragglerJob;
    /** Seconds per forward+backward pass measured on a computed (not cached) cell, for the cost estimate. */
    private double secondsPerPass = Double.NaN;

    /**
     * @param service  where the work runs (the app passes its tracking service so the jobs panel sees the jobs)
     * @param fx       applies results on the FX thread ({@link FxThread#FX})
     * @param throttle how streamed cells reach the FX thread: given the flush, returns its throttle (the app uses
     *                 {@code flush -> FrameThrottle.every(100, FX, flush)}; tests {@code FrameThrottle.immediate})
     */
    public LayersViewModel(ComputeService service, Executor fx, Function<Runnable, FrameThrottle> throttle) {
        this.service = service;
        this.sharpnessJob = new LatestJob<>(fx, SHARPNESS_KEY);
        this.stragglerJob = new LatestJob<>(fx, STRAGGLERS_KEY);
        this.cellThrottle = throttle.apply(this::applyPendingCells);
        project.addListener((obs, old, now) -> reset());
        definition.addListener((obs, old, now) -> rho.set(now == SharpnessSettings.Definition.AVERAGE_CASE
                ? AVERAGE_CASE_RHO : WORST_CASE_RHO));
        measure.addListener((obs, old, now) -> refresh());
        selectedGroup.addListener((obs, old, now) -> refreshDetail());
        for (var p : List.of(preset, definition, project)) {
            p.addListener((obs, old, now) -> refreshCostAndSettings());
        }
        rho.addListener((obs, old, now) -> refreshCostAndSettings());
        refreshCostAndSettings();
    }

    /** The open project (bound to the interpolation view's); changing it cancels and clears everything. */
    public ObjectProperty<LoadedProject> projectProperty() {
        return project;
    }

    public ObjectProperty<LayerMeasure> measureProperty() {
        return measure;
    }

    public ObjectProperty<SharpnessPreset> presetProperty() {
        return preset;
    }

    /** Worst or average case; switching resets {@link #rhoProperty()} to that definition's default. */
    public ObjectProperty<SharpnessSettings.Definition> definitionProperty() {
        return definition;
    }

    public DoubleProperty rhoProperty() {
        return rho;
    }

    /** The layer group whose detail is shown (null = none). */
    public StringProperty selectedGroupProperty() {
        return selectedGroup;
    }

    /** The heatmap of the chosen measure as far as it is known (NaN = not computed yet); null before any data. */
    public ReadOnlyObjectProperty<LayerHeatmapFigure.Data> heatmapProperty() {
        return heatmap.getReadOnlyProperty();
    }

    /** alpha -> overall (all-parameter) loss sharpness of the current run; a new map on every change. */
    public ReadOnlyObjectProperty<TreeMap<Double, Double>> overallSharpnessProperty() {
        return overallSharpness.getReadOnlyProperty();
    }

    /** The latest finished sharpness heatmap of the open project (null until one finishes). */
    public ReadOnlyObjectProperty<SharpnessResult> sharpnessResultProperty() {
        return sharpnessResult.getReadOnlyProperty();
    }

    /** The latest straggler analysis of the open project (null until one finishes). */
    public ReadOnlyObjectProperty<StragglerAnalysis.Result> stragglerResultProperty() {
        return stragglerResult.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<LayerDetail> detailProperty() {
        return detail.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty computingProperty() {
        return computing.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The sharpness settings a computation would use, in words. */
    public ReadOnlyStringProperty settingsTextProperty() {
        return settingsText.getReadOnlyProperty();
    }

    /** What a computation of the chosen measure costs (passes, and time when a pass was measured). */
    public ReadOnlyStringProperty costProperty() {
        return cost.getReadOnlyProperty();
    }

    /** The sharpness settings the controls describe. */
    public SharpnessSettings sharpnessSettings() {
        return preset.get().settings(definition.get(), rho.get());
    }

    /**
     * Where the shown heatmap's numbers come from (endpoints, dataset, alphas, settings), written beside an exported
     * figure; null before any result.
     */
    public FigureProvenance provenance() {
        LoadedProject p = project.get();
        StragglerAnalysis.Result st = stragglerResult.get();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("measure", measure.get().name().toLowerCase(Locale.ROOT));
        settings.put("groups", "block");
        if (measure.get() == LayerMeasure.SHARPNESS) {
            SharpnessResult r = sharpnessResult.get();
            if (r == null && runSettings == null) {
                return null;
            }
            SharpnessSettings s = r != null ? r.settings() : runSettings;
            settings.put("sharpness", s.canonical());
            List<FigureProvenance.CheckpointRef> checkpoints = r == null ? List.of() : List.of(
                    new FigureProvenance.CheckpointRef("A", null, r.endpointA()),
                    new FigureProvenance.CheckpointRef("B", null, r.endpointB()));
            Map<String, Object> datasets = r == null ? Map.of() : Map.of(r.dataset(), "sharpness examples");
            settings.put("complete", r != null);
            return FigureProvenance.now(p == null ? null : p.file().toString(), checkpoints, datasets,
                    sharpnessAlphas, settings, List.of());
        }
        if (st == null) {
            return null;
        }
        settings.put("baseAlpha", st.heatmap().settings().baseAlpha());
        settings.put("metric", st.heatmap().settings().metric().name().toLowerCase(Locale.ROOT));
        settings.put("stragglers", st.report().primary().label() + " " + st.report().selection());
        return FigureProvenance.now(p == null ? null : p.file().toString(), List.of(),
                Map.of(st.heatmap().dataset(), st.heatmap().images() + " images"), st.heatmap().settings().alphas(),
                settings, List.of());
    }

    /** The straggler groups of the latest analysis, in network order (empty before it finishes). */
    public List<String> stragglers() {
        StragglerAnalysis.Result r = stragglerResult.get();
        return r == null ? List.of() : r.report().stragglers();
    }

    /**
     * Submits the straggler analysis (when not known yet) and, for the sharpness measure, the sharpness heatmap over
     * the project's alpha grid. Supersedes any earlier computation of this view.
     */
    public void compute() {
        LoadedProject p = project.get();
        if (p == null) {
            status.set("open a project first");
            return;
        }
        List<Double> alphas;
        try {
            alphas = AlphaGrids.of(p.spec().alphaGrid());
        } catch (RftException e) {
            status.set(e.getMessage());
            return;
        }
        if (stragglerResult.get() == null && !stragglerJob.isRunning()) {
            submitStragglers(p, alphas);
        }
        if (measure.get() == LayerMeasure.SHARPNESS) {
            submitSharpness(p, alphas);
        }
        updateComputing();
        refresh();
    }

    /** Cancels this view's jobs; what they finished stays shown. */
    public void cancel() {
        sharpnessJob.cancel();
        stragglerJob.cancel();
    }

    private void submitStragglers(LoadedProject p, List<Double> alphas) {
        StragglerRequest request = new StragglerRequest(p.file().toString(), alphas, 1.0, ErrorMetric.LOSS, null,
                StragglerCriterion.INSTABILITY, Stragglers.Selection.top(DEFAULT_TOP_K), null, null, false,
                p.spec().selectedRun());
        stragglerJob.submit((key, events) -> service.analyze(request, Priority.USER, key, events),
                LatestJob.Callbacks.<StragglerAnalysis.Result>onResult(result -> {
                    stragglerResult.set(result);
                    status.set("stragglers (top-" + DEFAULT_TOP_K + " by instability): "
                            + String.join(", ", result.report().stragglers()));
                    refresh();
                    updateComputing();
                }).onFailure(error -> {
                    status.set(describeFailure("straggler analysis", error));
                    updateComputing();
                }));
    }

    private void submitSharpness(LoadedProject p, List<Double> alphas) {
        runSettings = sharpnessSettings();
        sharpnessAlphas = List.copyOf(alphas);
        cells.clear();
        pendingCells.clear();
        sharpnessResult.set(null);
        SharpnessRequest request = new SharpnessRequest(p.file().toString(), alphas, runSettings,
                SharpnessGroups.Granularity.BLOCK, null, false, p.spec().selectedRun());
        sharpnessJob.submit((key, events) -> service.analyze(request, Priority.USER, key, events),
                LatestJob.Callbacks.<SharpnessResult>onResult(result -> {
                    pendingCells.clear();
                    cells.clear();
                    result.cells().forEach(this::addCell);
                    sharpnessResult.set(result);
                    long cached = result.cells().stream().filter(SharpnessResult.Cell::fromCache).count();
                    status.set(String.format(Locale.ROOT, "sharpness done: %d cells (%d from the cache)",
                            result.cells().size(), cached));
                    updateComputing();
                    refresh();
                }).onEvent(event -> {
                    if (event instanceof JobEvent.SharpnessCell c) { // queued; the throttle redraws
                        pendingCells.add(c.cell());
                        cellThrottle.request();
                    }
                }).onFailure(error -> {
                    applyPendingCells(); // cells that arrived just before a cancel count
                    if (isCancellation(error)) {
                        status.set(String.format(Locale.ROOT, "sharpness cancelled after %d of %d cells; Compute "
                                + "resumes from the cache", cellCount(), expectedCells()));
                    } else {
                        status.set(describeFailure("sharpness", error));
                    }
                    updateComputing();
                    refresh();
                }));
        status.set("computing sharpness: " + request.describe());
    }

    /** Draws the queued cells of the current run (FX thread; called by the throttle and on cancellation). */
    private void applyPendingCells() {
        if (pendingCells.isEmpty()) {
            return;
        }
        pendingCells.forEach(this::addCell);
        pendingCells.clear();
        status.set(String.format(Locale.ROOT, "computing sharpness: %d of %d cells", cellCount(), expectedCells()));
        refresh();
    }

    private void addCell(SharpnessResult.Cell c) {
        cells.computeIfAbsent(c.group(), g -> new TreeMap<>()).put(c.alpha(), c.value());
        if (!c.fromCache() && c.value().forwardBackward() > 0 && c.group().equals(SharpnessGroups.OVERALL)) {
            secondsPerPass = c.value().seconds() / c.value().forwardBackward();
        }
    }

    private int cellCount() {
        return cells.values().stream().mapToInt(Map::size).sum();
    }

    private int expectedCells() {
        int groups = knownGroupCount();
        return groups < 0 ? -1 : sharpnessAlphas.size() * (groups + 1);
    }

    /** Number of block-level groups, when a result has told us (-1 = unknown). */
    private int knownGroupCount() {
        if (stragglerResult.get() != null) {
            return stragglerResult.get().heatmap().rows().size();
        }
        long groups = cells.keySet().stream().filter(g -> !g.equals(SharpnessGroups.OVERALL)).count();
        return sharpnessResult.get() != null ? (int) groups : -1;
    }

    private void reset() {
        sharpnessJob.discard();
        stragglerJob.discard();
        pendingCells.clear();
        cells.clear();
        sharpnessAlphas = List.of();
        sharpnessResult.set(null);
        stragglerResult.set(null);
        selectedGroup.set(null);
        status.set("");
        updateComputing();
        refresh();
    }

    private void updateComputing() {
        computing.set(sharpnessJob.isRunning() || stragglerJob.isRunning());
    }

    /** Rebuilds the heatmap, the overall curve, the detail and the cost from the current state. */
    private void refresh() {
        heatmap.set(buildHeatmap());
        TreeMap<Double, Double> overall = new TreeMap<>();
        TreeMap<Double, SharpnessValue> o = cells.get(SharpnessGroups.OVERALL);
        if (o != null) {
            o.forEach((a, v) -> overall.put(a, v.loss()));
        }
        overallSharpness.set(overall);
        refreshDetail();
        refreshCostAndSettings();
    }

    private LayerHeatmapFigure.Data buildHeatmap() {
        Set<String> marked = new LinkedHashSet<>(stragglers());
        StragglerAnalysis.Result st = stragglerResult.get();
        switch (measure.get()) {
            case SHARPNESS -> {
                List<String> rows = cells.keySet().stream().filter(g -> !g.equals(SharpnessGroups.OVERALL)).toList();
                if (rows.isEmpty()) {
                    return null;
                }
                TreeSet<Double> alphaSet = new TreeSet<>(sharpnessAlphas);
                cells.values().forEach(m -> alphaSet.addAll(m.keySet()));
                double[] alphas = alphaSet.stream().mapToDouble(Double::doubleValue).toArray();
                double[][] values = new double[rows.size()][alphas.length];
                for (int r = 0; r < rows.size(); r++) {
                    TreeMap<Double, SharpnessValue> row = cells.get(rows.get(r));
                    for (int a = 0; a < alphas.length; a++) {
                        SharpnessValue v = row.get(alphas[a]);
                        values[r][a] = v == null ? Double.NaN : v.loss();
                    }
                }
                return new LayerHeatmapFigure.Data(rows, alphas, values, marked, sharpnessLabel(runSettings),
                        "Layer-wise sharpness");
            }
            case INSTABILITY -> {
                if (st == null) {
                    return null;
                }
                List<LayerInstability.GroupRow> groupRows = st.heatmap().rows();
                double[][] values = new double[groupRows.size()][];
                for (int r = 0; r < groupRows.size(); r++) {
                    values[r] = groupRows.get(r).excess();
                }
                return new LayerHeatmapFigure.Data(groupRows.stream().map(LayerInstability.GroupRow::group).toList(),
                        alphasOf(st), values, marked, metricName(st) + " above the linear path",
                        "Layer-wise interpolation instability (one layer moves, the rest at B)");
            }
            case WEIGHT_CHANGE -> {
                if (st == null) {
                    return null;
                }
                double[] alphas = alphasOf(st);
                List<String> rows = new ArrayList<>(st.weightChange().keySet());
                double[][] values = new double[rows.size()][alphas.length];
                for (int r = 0; r < rows.size(); r++) {
                    double change = st.weightChange().get(rows.get(r));
                    for (int a = 0; a < alphas.length; a++) {
                        values[r][a] = alphas[a] * change; // theta_alpha - A = alpha (B - A)
                    }
                }
                return new LayerHeatmapFigure.Data(rows, alphas, values, marked, "‖θ(α) − A‖ / ‖A‖ per layer",
                        "Relative weight change from A");
            }
            default -> throw new IllegalStateException(measure.get().name());
        }
    }

    private static double[] alphasOf(StragglerAnalysis.Result st) {
        return st.heatmap().settings().alphas().stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String metricName(StragglerAnalysis.Result st) {
        return st.heatmap().settings().metric() == ErrorMetric.LOSS ? "loss (nats)" : "error";
    }

    private void refreshDetail() {
        String group = selectedGroup.get();
        if (group == null) {
            detail.set(null);
            return;
        }
        StragglerAnalysis.Result st = stragglerResult.get();
        TreeMap<Double, Double> sharp = new TreeMap<>();
        Long scalars = null;
        TreeMap<Double, SharpnessValue> row = cells.get(group);
        if (row != null) {
            row.forEach((a, v) -> sharp.put(a, v.loss()));
            scalars = row.isEmpty() ? null : row.firstEntry().getValue().scalars();
        }
        TreeMap<Double, Double> path = new TreeMap<>();
        Integer tensors = null;
        Double instability = null;
        Double alphaAtMax = null;
        Double weightChange = null;
        String metric = "loss";
        if (st != null) {
            double[] alphas = alphasOf(st);
            for (LayerInstability.GroupRow r : st.heatmap().rows()) {
                if (r.group().equals(group)) {
                    for (int i = 0; i < alphas.length; i++) {
                        path.put(alphas[i], r.values()[i]);
                    }
                    tensors = r.tensors();
                    instability = r.instability();
                    alphaAtMax = r.alphaAtMax();
                }
            }
            weightChange = st.weightChange().get(group);
            metric = st.heatmap().settings().metric().name().toLowerCase(Locale.ROOT);
        }
        detail.set(new LayerDetail(group, stragglers().contains(group), tensors, scalars, weightChange, instability,
                alphaAtMax, sharp, path, metric));
    }

    private void refreshCostAndSettings() {
        SharpnessSettings s = sharpnessSettings();
        settingsText.set("Sharpness: " + describe(s) + ", block-level groups");
        LoadedProject p = project.get();
        if (p == null) {
            cost.set("");
            return;
        }
        int alphas;
        try {
            alphas = AlphaGrids.of(p.spec().alphaGrid()).size();
        } catch (RftException e) {
            cost.set("Cost: unknown (" + e.getMessage() + ")");
            return;
        }
        int groups = knownGroupCount();
        if (measure.get() == LayerMeasure.SHARPNESS) {
            boolean worst = s.definition() == SharpnessSettings.Definition.WORST_CASE;
            int perBatch = worst ? s.steps() : s.samples() + 1;
            String groupText = groups < 0 ? "(1 + groups)" : String.valueOf(groups + 1);
            String text = String.format(Locale.ROOT, "Cost: %d α × %s cells × %d batch%s × %d %s passes of %d images",
                    alphas, groupText, s.batchCount(), s.batchCount() == 1 ? "" : "es", perBatch,
                    worst ? "forward+backward" : "forward", Math.min(s.batchSize(), s.examples()));
            if (groups >= 0) {
                long passes = (long) alphas * (groups + 1) * s.batchCount() * perBatch;
                text += String.format(Locale.ROOT, " = %,d passes", passes);
                if (worst && !Double.isNaN(secondsPerPass)) {
                    // the overall cell's pass is the longest (full backward): an upper bound
                    text += ", at most ~" + duration(passes * secondsPerPass) + " here";
                }
            }
            cost.set(text + "; cached cells are free");
        } else {
            String groupText = groups < 0 ? "groups" : String.valueOf(groups);
            cost.set(String.format(Locale.ROOT, "Cost: %s × %d α evaluations of the first ID dataset "
                    + "(instability and weight change are computed together, once)", groupText, alphas - 1));
        }
    }

    /** "worst-case adaptive l∞, ρ 0.001, logit-normalised, n 128 (m 128), T 10". */
    public static String describe(SharpnessSettings s) {
        boolean worst = s.definition() == SharpnessSettings.Definition.WORST_CASE;
        StringBuilder sb = new StringBuilder(worst ? "worst-case " : "average-case ");
        sb.append(s.adaptive() ? "adaptive " : "standard ");
        sb.append(worst ? (s.norm() == SharpnessSettings.Norm.LINF ? "l∞" : "l2")
                : (s.noise() == SharpnessSettings.Noise.GAUSSIAN ? "Gaussian noise" : "uniform noise"));
        sb.append(String.format(Locale.ROOT, ", ρ %s", trim(s.rho())));
        if (s.logitNormalization()) {
            sb.append(", logit-normalised");
        }
        sb.append(String.format(Locale.ROOT, ", n %d (m %d)", s.examples(), s.batchSize()));
        sb.append(worst ? ", T " + s.steps() : ", K " + s.samples());
        return sb.toString();
    }

    private static String sharpnessLabel(SharpnessSettings s) {
        if (s == null) {
            return "loss sharpness";
        }
        boolean worst = s.definition() == SharpnessSettings.Definition.WORST_CASE;
        return (worst ? "worst-case" : "average-case") + " loss sharpness (ρ = " + trim(s.rho()) + ")";
    }

    private static String trim(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    static String duration(double seconds) {
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        return String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }

    private static boolean isCancellation(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return e instanceof CancellationException;
    }

    private static String describeFailure(String what, Throwable error) {
        if (isCancellation(error)) {
            return what + " cancelled";
        }
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return what + " failed: " + e.getMessage();
    }
}
