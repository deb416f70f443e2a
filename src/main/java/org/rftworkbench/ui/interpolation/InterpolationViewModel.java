package org.rftworkbench.ui.interpolation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.AlphaGrids;
import org.rftworkbench.core.eval.CoarseFirstOrder;
import org.rftworkbench.core.eval.GridInterpolation;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.Estimate;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.PreviewRequest;
import org.rftworkbench.core.service.PreviewResult;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.SweepRequest;
import org.rftworkbench.ui.common.LatestJob;

/**
 * State of the interpolation view: the alpha slider, the live readouts and the accuracy curves. A slider move is
 * captured here (on the FX thread): the readouts show at once the computed grid's interpolation at the new alpha
 * ({@link GridInterpolation}, labelled as interpolated), the move is sent to the {@link ComputeService} as an
 * interactive preview with the key {@value #PREVIEW_KEY} (so the service cancels the previous move's job), and every
 * measured estimate is applied back through {@code fx} only if it belongs to the latest request. The alpha grid is precomputed in the background, coarse
 * first, one alpha per job, so that curves fill in point by point and a slider move never waits behind a long job.
 *
 * <p>All public methods must be called on the FX thread (the {@code fx} executor's thread).
 */
public final class InterpolationViewModel {
    public static final String PREVIEW_KEY = "alpha-preview";
    public static final String AVG_OOD = "avg_ood";

    private final ComputeService service;

    private final DoubleProperty alpha = new SimpleDoubleProperty(0.5);
    private final BooleanProperty flipConvention = new SimpleBooleanProperty(false);
    private final BooleanProperty extrapolation = new SimpleBooleanProperty(false);
    private final ObjectProperty<LoadedProject> project = new SimpleObjectProperty<>();
    private final StringProperty status = new SimpleStringProperty("");
    private final ObservableList<Readout> readouts = FXCollections.observableArrayList();
    /** dataset -> alpha -> exact top-1 (fraction); a new map instance is set on every change so listeners fire. */
    private final ObjectProperty<Set<Double>> nonFiniteAlphas = new SimpleObjectProperty<>(Set.of());
    private final ObjectProperty<Map<String, TreeMap<Double, Double>>> curves =
            new SimpleObjectProperty<>(Map.of());

    /** The slider's preview: a newer move supersedes the older one (also in the service, by key). */
    private final LatestJob<PreviewResult> preview;
    /** One background grid alpha at a time; a new project discards the old project's. */
    private final LatestJob<SweepResult> gridJob;
    private List<Double> pendingGrid = List.of();
    /** Per-layer alphas of every preview and grid request (empty: uniform interpolation, the default). */
    private List<org.rftworkbench.core.interpolate.AlphaOverrides.Rule> layerAlphas = List.of();

    /**
     * @param service where the work runs (the app passes a {@code TrackingComputeService} so the jobs panel sees it)
     * @param fx      applies results on the FX thread
     */
    public InterpolationViewModel(ComputeService service, Executor fx) {
        this.service = service;
        this.preview = new LatestJob<>(fx, PREVIEW_KEY);
        this.gridJob = new LatestJob<>(fx, null);
        alpha.addListener((obs, old, now) -> requestPreview());
        flipConvention.addListener((obs, old, now) -> refreshInstants()); // their labels name displayed alphas
    }

    /** Interpolation coefficient in the WiSE-FT convention: theta = (1 - alpha) A + alpha B. */
    public DoubleProperty alphaProperty() {
        return alpha;
    }

    /** When true, axes and the slider show 1 - alpha (the convention some papers use). */
    public BooleanProperty flipConventionProperty() {
        return flipConvention;
    }

    /** When true the slider ranges over [-0.5, 1.5] (extrapolation beyond the endpoints). */
    public BooleanProperty extrapolationProperty() {
        return extrapolation;
    }

    public ObjectProperty<LoadedProject> projectProperty() {
        return project;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public ObservableList<Readout> readouts() {
        return readouts;
    }

    public ObjectProperty<Map<String, TreeMap<Double, Double>>> curvesProperty() {
        return curves;
    }

    /**
     * Alphas of the curves whose evaluation gave NaN/Inf logits for some images (counted as wrong): the chart marks
     * them, so a dip caused by broken numbers is not read as a failure of interpolation. Replaced, never mutated.
     */
    public ObjectProperty<Set<Double>> nonFiniteAlphasProperty() {
        return nonFiniteAlphas;
    }

    /** The label of the alpha axis, stating the convention in use. */
    public String alphaAxisLabel() {
        return flipConvention.get() ? "α  (θ = α·A + (1−α)·B)" : "α  (θ = (1−α)·A + α·B)";
    }

    /**
     * Switches to another project: resets readouts and curves, cancels old work, starts preview and grid. A project
     * whose alpha grid is invalid gets no background grid; the status says why.
     */
    public void open(LoadedProject loaded) {
        layerAlphas = List.of();
        restart(loaded);
    }

    /**
     * Interpolates with these per-layer alphas from now on (e.g. a layer search's result; empty = uniform again):
     * the curves and readouts start over, previews and the background grid carry the rules, and their cells are
     * cached apart from the uniform ones.
     */
    public void applyLayerAlphas(List<org.rftworkbench.core.interpolate.AlphaOverrides.Rule> rules) {
        LoadedProject p = project.get();
        if (p == null) {
            return;
        }
        layerAlphas = List.copyOf(rules);
        restart(p);
        if (!rules.isEmpty()) {
            status.set("per-layer alphas: " + rules.size() + " layer groups (the slider's alpha moves the rest)");
        }
    }

    /** The per-layer alphas in force (empty = uniform). */
    public List<org.rftworkbench.core.interpolate.AlphaOverrides.Rule> layerAlphas() {
        return layerAlphas;
    }

    private void restart(LoadedProject loaded) {
        cancelAll();
        project.set(loaded);
        readouts.clear();
        Map<String, TreeMap<Double, Double>> empty = new LinkedHashMap<>();
        for (ProjectSpec.DatasetEntry d : evaluatedDatasets(loaded)) {
            readouts.add(new Readout(d.name(), d.role().name().toLowerCase(Locale.ROOT), null));
            empty.put(d.name(), new TreeMap<>());
        }
        if (evaluatedDatasets(loaded).stream().anyMatch(d -> d.role() == ProjectSpec.Role.OOD)) {
            readouts.add(new Readout(AVG_OOD, "avg", null));
            empty.put(AVG_OOD, new TreeMap<>());
        }
        curves.set(empty);
        nonFiniteAlphas.set(Set.of());
        status.set("opened " + loaded.spec().name());
        requestPreview();
        List<Double> grid;
        try {
            grid = AlphaGrids.of(loaded.spec().alphaGrid());
        } catch (RftException e) {
            status.set("no background grid: " + e.getMessage());
            return;
        }
        startGrid(CoarseFirstOrder.of(grid));
    }

    /** Cancels the preview and the background grid (e.g. when the window closes or another project opens). */
    public void cancelAll() {
        preview.discard();
        gridJob.discard();
        pendingGrid = List.of();
    }

    private void requestPreview() {
        LoadedProject p = project.get();
        if (p == null) {
            return;
        }
        double a = alpha.get();
        // at once (this FX pulse), what the computed grid says about this alpha, labelled as interpolated; measured
        // estimates replace it as they come. One list change, not one per dataset: each change redraws the readouts
        // and the robustness chart
        readouts.setAll(readouts.stream().map(r -> new Readout(r.dataset(), r.role(), null, instantAt(r.dataset(), a)))
                .toList());
        status.set(String.format(Locale.ROOT, "alpha %.3f estimating…", a));
        PreviewRequest request = new PreviewRequest(p.file().toString(), a, layerAlphas, null, false,
                p.spec().selectedRun());
        preview.submit((key, events) -> service.preview(request, Priority.INTERACTIVE, key, events),
                LatestJob.Callbacks.<PreviewResult>onResult(result -> {
                    applyEstimates(new ArrayList<>(result.datasets().values()), result.averageOod());
                    status.set(String.format(Locale.ROOT, "alpha %.3f exact%s", result.alpha(),
                            result.fromCache() ? " (cached)" : ""));
                    addCurvePoint(result);
                }).onEvent(event -> {
                    if (event instanceof JobEvent.Estimates e) {
                        applyEstimates(e.datasets(), e.averageOod());
                    } else if (event instanceof JobEvent.Failed f) {
                        status.set("preview failed: " + f.message());
                    }
                }));
    }

    /** The grid's interpolation of {@code dataset}'s curve at {@code a}, in displayed alphas; null when none. */
    private Readout.Instant instantAt(String dataset, double a) {
        TreeMap<Double, Double> curve = curves.get().get(dataset);
        if (curve == null) {
            return null;
        }
        return GridInterpolation.at(curve, a).map(g -> flipConvention.get()
                ? new Readout.Instant(g.value(), 1 - g.upperAlpha(), 1 - g.lowerAlpha())
                : new Readout.Instant(g.value(), g.lowerAlpha(), g.upperAlpha())).orElse(null);
    }

    /**
     * Recomputes the instant estimates of the readouts still waiting for a measured one: a grid point computed
     * meanwhile may now bracket the alpha, and the labels follow the displayed convention.
     */
    private void refreshInstants() {
        if (readouts.stream().allMatch(r -> r.estimate() != null)) {
            return;
        }
        double a = alpha.get();
        List<Readout> next = readouts.stream().map(r -> r.estimate() != null ? r
                : new Readout(r.dataset(), r.role(), null, instantAt(r.dataset(), a))).toList();
        if (!next.equals(readouts)) {
            readouts.setAll(next);
        }
    }

    private void applyEstimates(List<Estimate> estimates, Estimate average) {
        Map<String, Estimate> byName = new LinkedHashMap<>();
        for (Estimate e : estimates) {
            byName.put(e.dataset(), e);
        }
        if (average != null) {
            byName.put(AVG_OOD, average);
        }
        List<Readout> next = new ArrayList<>(readouts.size());
        for (Readout r : readouts) {
            Estimate e = byName.get(r.dataset());
            next.add(e != null ? new Readout(r.dataset(), r.role(), e) : r);
        }
        readouts.setAll(next); // one list change for all datasets
    }

    private void addCurvePoint(PreviewResult result) {
        Map<String, TreeMap<Double, Double>> next = copyCurves();
        result.datasets().forEach((name, e) -> next.computeIfAbsent(name, k -> new TreeMap<>()).put(result.alpha(),
                e.top1()));
        if (result.averageOod() != null) {
            next.computeIfAbsent(AVG_OOD, k -> new TreeMap<>()).put(result.alpha(), result.averageOod().top1());
        }
        markNonFinite(result.alpha(), result.nonFinite() > 0);
        curves.set(next);
        refreshInstants();
    }

    private void addCurvePoints(SweepResult result) {
        Map<String, TreeMap<Double, Double>> next = copyCurves();
        for (SweepResult.Point point : result.points()) {
            point.datasets().forEach((name, m) -> next.computeIfAbsent(name, k -> new TreeMap<>()).put(point.alpha(),
                    m.top1()));
            if (point.avgOodTop1() != null) {
                next.computeIfAbsent(AVG_OOD, k -> new TreeMap<>()).put(point.alpha(), point.avgOodTop1());
            }
            markNonFinite(point.alpha(), point.datasets().values().stream().anyMatch(m -> m.nonFinite() > 0));
        }
        curves.set(next);
        refreshInstants();
    }

    /** Records whether the point at {@code alpha} had NaN/Inf logits (a newer result of that alpha replaces it). */
    private void markNonFinite(double alpha, boolean nonFinite) {
        if (nonFinite == nonFiniteAlphas.get().contains(alpha)) {
            return;
        }
        Set<Double> next = new TreeSet<>(nonFiniteAlphas.get());
        if (nonFinite) {
            next.add(alpha);
        } else {
            next.remove(alpha);
        }
        nonFiniteAlphas.set(Collections.unmodifiableSet(next));
    }

    private Map<String, TreeMap<Double, Double>> copyCurves() {
        Map<String, TreeMap<Double, Double>> next = new LinkedHashMap<>();
        curves.get().forEach((k, v) -> next.put(k, new TreeMap<>(v)));
        return next;
    }

    private void startGrid(List<Double> alphas) {
        pendingGrid = new ArrayList<>(alphas);
        submitNextGridPoint();
    }

    private void submitNextGridPoint() {
        LoadedProject p = project.get();
        if (p == null || pendingGrid.isEmpty()) {
            return;
        }
        double a = pendingGrid.remove(0);
        SweepRequest request = new SweepRequest(p.file().toString(), List.of(a), layerAlphas, null, null, false,
                p.spec().selectedRun());
        gridJob.submit((key, events) -> service.sweep(request, Priority.BACKGROUND, key, events),
                LatestJob.Callbacks.<SweepResult>onResult(result -> {
                    addCurvePoints(result);
                    submitNextGridPoint();
                }));
    }

    private static List<ProjectSpec.DatasetEntry> evaluatedDatasets(LoadedProject p) {
        return p.spec().datasets().stream().filter(d -> d.role().readout()).toList();
    }
}
