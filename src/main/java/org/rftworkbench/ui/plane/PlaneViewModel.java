package org.rftworkbench.ui.plane;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.AlphaGrids;
import org.rftworkbench.core.eval.PlaneResult;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.Estimate;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.PlaneOffset;
import org.rftworkbench.core.service.PlaneRequest;
import org.rftworkbench.core.service.PreviewRequest;
import org.rftworkbench.core.service.PreviewResult;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.ui.common.LatestJob;
import org.rftworkbench.ui.interpolation.Readout;

/**
 * State of the Plane view: the plane through A, the selected run B1 and a second run B2, filled coarse to fine by a
 * {@link PlaneRequest} through the compute service (the same request and cache as the {@code plane} command, so a
 * plane the CLI computed opens from the cache), the heatmap's metric, and a point (u, v) with live progressive
 * readouts ({@link PreviewRequest} with a {@link PlaneOffset}, latest wins, as the slider's). Results and events are
 * applied on {@code fx}; public methods are for the FX thread.
 */
public final class PlaneViewModel {
    /** The default grid: -0.2 to 1.2 in steps of 0.1 on both axes (15 x 15), past every endpoint. */
    public static final String DEFAULT_GRID = "-0.2:1.2:0.1";

    private final ComputeService service;
    private final ObjectProperty<LoadedProject> project = new SimpleObjectProperty<>();
    private final ObservableList<String> secondRuns = FXCollections.observableArrayList();
    private final ObjectProperty<String> secondRun = new SimpleObjectProperty<>();
    private final StringProperty grid = new SimpleStringProperty(DEFAULT_GRID);
    private final ObjectProperty<PlaneResult.Metric> metric = new SimpleObjectProperty<>(
            PlaneResult.Metric.AVG_OOD_TOP1);
    private final ReadOnlyObjectWrapper<PlaneResult> plane = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("open a project with at least two runs");
    private final ReadOnlyObjectWrapper<double[]> point = new ReadOnlyObjectWrapper<>();
    private final ObservableList<Readout> readouts = FXCollections.observableArrayList();
    private final LatestJob<PlaneResult> fill;
    private final LatestJob<PreviewResult> preview;
    /** The cells of the plane being filled, in arrival order. */
    private final List<PlaneResult.Cell> arrived = new ArrayList<>();
    private List<Double> us = List.of();
    private List<Double> vs = List.of();
    private long fillStartNanos;
    private double coarseSeconds = Double.NaN;

    /**
     * @param service the compute service every cell goes through
     * @param fx      where events and results are applied (the FX thread)
     */
    public PlaneViewModel(ComputeService service, Executor fx) {
        this.service = service;
        this.fill = new LatestJob<>(fx, "plane");
        this.preview = new LatestJob<>(fx, "plane-preview");
        project.addListener((obs, old, now) -> reset(now));
        secondRun.addListener((obs, old, now) -> {
            if (old != null && !old.equals(now)) {
                clear("B2 is now " + now + "; press Fill to compute the plane");
            }
        });
    }

    /** The open project (bind it to the interpolation view's). */
    public ObjectProperty<LoadedProject> projectProperty() {
        return project;
    }

    /** Runs that can be B2: every run but B1. */
    public ObservableList<String> secondRuns() {
        return secondRuns;
    }

    public ObjectProperty<String> secondRunProperty() {
        return secondRun;
    }

    /** The (u, v) grid: START:STOP:STEP or a comma list, the same on both axes. */
    public StringProperty gridProperty() {
        return grid;
    }

    public ObjectProperty<PlaneResult.Metric> metricProperty() {
        return metric;
    }

    /** The plane so far: every cell that has arrived (null before the first). */
    public ReadOnlyObjectProperty<PlaneResult> planeProperty() {
        return plane.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The dragged point {u, v}, or null before the first. */
    public ReadOnlyObjectProperty<double[]> pointProperty() {
        return point.getReadOnlyProperty();
    }

    /** Live readouts at the point: one row per dataset and the OOD average. */
    public ObservableList<Readout> readouts() {
        return readouts;
    }

    /** Label of B1, the selected run (null without a project). */
    public String firstRun() {
        LoadedProject p = project.get();
        return p == null || p.spec().endpointB() == null ? null : p.spec().endpointB().label();
    }

    /** Seconds from Fill to the first full coarse picture (NaN until then). */
    public double coarseSeconds() {
        return coarseSeconds;
    }

    /** Computes (or reads from the cache) every cell of the grid, coarse to fine; cells appear as they finish. */
    public void fill() {
        LoadedProject p = project.get();
        String b2 = secondRun.get();
        if (p == null || b2 == null) {
            status.set(p == null ? "open a project first" : "choose a second run B2");
            return;
        }
        List<Double> axis;
        try {
            axis = AlphaGrids.parse(grid.get());
        } catch (RftException e) {
            status.set(e.getMessage());
            return;
        }
        us = axis.stream().distinct().sorted().toList();
        vs = us;
        arrived.clear();
        plane.set(null);
        running.set(true);
        coarseSeconds = Double.NaN;
        fillStartNanos = System.nanoTime();
        int total = us.size() * vs.size();
        int coarse = org.rftworkbench.core.eval.PlaneOrder.coarseCount(us.size(), vs.size());
        status.set(String.format(Locale.ROOT, "filling %d x %d points towards %s, coarse to fine", us.size(),
                vs.size(), b2));
        PlaneRequest request = new PlaneRequest(p.file().toString(), firstRun(), b2, us, vs, null, null, false);
        fill.submit((key, events) -> service.analyze(request, Priority.USER, key, events),
                new LatestJob.Callbacks<PlaneResult>(e -> { }, done -> {
                    running.set(false);
                    plane.set(done);
                    status.set(String.format(Locale.ROOT, "plane done: %d points%s", done.cells().size(),
                            Double.isNaN(coarseSeconds) ? "" : String.format(Locale.ROOT,
                                    " (first coarse picture after %.1f s)", coarseSeconds)));
                }, failure -> {
                    running.set(false);
                    status.set(failure instanceof CancellationException
                            ? String.format(Locale.ROOT, "cancelled after %d of %d points; they are cached",
                                    arrived.size(), total)
                            : "plane failed: " + failure.getMessage());
                }).onEvent(event -> {
                    if (event instanceof JobEvent.PlaneCell c) {
                        arrived.add(c.cell());
                        if (arrived.size() == coarse && Double.isNaN(coarseSeconds)) {
                            coarseSeconds = (System.nanoTime() - fillStartNanos) / 1e9;
                        }
                        plane.set(partial(p));
                        status.set(String.format(Locale.ROOT, "%d of %d points", arrived.size(), total));
                    }
                }));
    }

    /** Stops filling; the finished cells stay cached and shown. */
    public void cancel() {
        fill.cancel();
    }

    /**
     * Moves the point to (u, v): readouts from the plane's cells at once where the point is a computed cell, then a
     * progressive evaluation (latest wins) whose estimates replace them.
     */
    public void moveTo(double u, double v) {
        LoadedProject p = project.get();
        String b2 = secondRun.get();
        if (p == null || b2 == null) {
            return;
        }
        point.set(new double[] {u, v});
        PreviewRequest request = new PreviewRequest(p.file().toString(), u, List.of(), null, false, firstRun(),
                new PlaneOffset(b2, v));
        preview.submit((key, events) -> service.preview(request, Priority.INTERACTIVE, key, events),
                new LatestJob.Callbacks<PreviewResult>(e -> { }, r -> {
                    if (r != null) { // the exact values, whatever estimates came before
                        showEstimates(new JobEvent.Estimates(null, u, new ArrayList<>(r.datasets().values()),
                                r.averageOod()));
                    }
                }, failure -> {
                    if (!(failure instanceof CancellationException)) {
                        status.set("preview failed: " + failure.getMessage());
                    }
                }).onEvent(event -> {
                    if (event instanceof JobEvent.Estimates e) {
                        showEstimates(e);
                    }
                }));
    }

    private void showEstimates(JobEvent.Estimates e) {
        List<Readout> rows = new ArrayList<>();
        LoadedProject p = project.get();
        for (Estimate d : e.datasets()) {
            String role = p == null ? "ood" : p.spec().datasets().stream().filter(x -> x.name().equals(d.dataset()))
                    .map(x -> x.role().name().toLowerCase(Locale.ROOT)).findFirst().orElse("ood");
            rows.add(new Readout(d.dataset(), role, d));
        }
        if (e.averageOod() != null) {
            rows.add(new Readout("avg_ood", "avg", e.averageOod()));
        }
        readouts.setAll(rows);
    }

    /** Stops the fill and the preview (window closing). */
    public void shutdown() {
        fill.discard();
        preview.discard();
    }

    private PlaneResult partial(LoadedProject p) {
        Map<Long, PlaneResult.Cell> byIndex = new LinkedHashMap<>();
        for (PlaneResult.Cell c : arrived) {
            byIndex.put((long) us.indexOf(c.u()) * vs.size() + vs.indexOf(c.v()), c);
        }
        List<PlaneResult.Cell> ordered = byIndex.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(Map.Entry::getValue).toList();
        PlaneResult.Provenance provenance = new PlaneResult.Provenance(p.file().toString(), null,
                checkpoint(p.spec().endpointA().label()), checkpoint(firstRun()), checkpoint(secondRun.get()),
                Map.of(), Map.of(), null);
        return new PlaneResult("rft-workbench", null, null, provenance, us, vs, ordered);
    }

    private static org.rftworkbench.core.eval.SweepResult.Checkpoint checkpoint(String label) {
        return new org.rftworkbench.core.eval.SweepResult.Checkpoint(label, null, null);
    }

    private void reset(LoadedProject now) {
        fill.discard();
        preview.discard();
        String b1 = now == null || now.spec().endpointB() == null ? null : now.spec().endpointB().label();
        List<String> others = now == null ? List.of() : now.spec().runLabels().stream()
                .filter(l -> !l.equals(b1)).toList();
        secondRuns.setAll(others);
        // keep B2 when the new project has that run too
        secondRun.set(others.contains(secondRun.get()) ? secondRun.get() : others.isEmpty() ? null : others.get(0));
        clear(now == null ? "open a project with at least two runs" : others.isEmpty()
                ? "this project has one run; a plane needs a second run B2 (project format 3: runs)"
                : "plane through A, B1 = " + b1 + " and B2; press Fill (cells the CLI's `plane` computed come "
                        + "from the cache)");
    }

    private void clear(String message) {
        fill.discard();
        preview.discard();
        arrived.clear();
        plane.set(null);
        point.set(null);
        readouts.clear();
        running.set(false);
        status.set(message);
    }
}
