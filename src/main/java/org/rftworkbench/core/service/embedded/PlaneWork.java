package org.rftworkbench.core.service.embedded;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.rftworkbench.core.Version;
import org.rftworkbench.core.eval.DatasetMetrics;
import org.rftworkbench.core.eval.PlaneOrder;
import org.rftworkbench.core.eval.PlaneResult;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.interpolate.Interpolator;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.PlaneRequest;
import org.rftworkbench.core.service.estimate.CellCounts;
import org.rftworkbench.core.session.InterpolationWorkspace;
import org.rftworkbench.core.session.InterpolationWorkspace.DatasetHandle;
import org.rftworkbench.core.session.SweepRunner;
import org.rftworkbench.core.interpolate.AlphaOverrides;
import org.rftworkbench.core.util.Progress;

/**
 * A plane grid: one unit per (u, v) point in coarse-to-fine order ({@link PlaneOrder}), so several devices share a
 * plane and an interrupted one covers the plane coarsely. Each (point, dataset) cell is read from the result cache or
 * computed and written to it as soon as it is done; the weights are written only when a cell of the point is missing.
 * Every finished point is published as a {@link JobEvent.PlaneCell}; the unit that finishes last assembles the
 * {@link PlaneResult} (u-major, both axes ascending).
 */
final class PlaneWork implements Job.Units<PlaneResult> {
    private final PlaneRequest request;
    private final List<Double> us;
    private final List<Double> vs;
    private final List<PlaneOrder.Index> order;
    private final Map<Integer, PlaneResult.Cell> done = new ConcurrentHashMap<>();
    private final AtomicBoolean warned = new AtomicBoolean();
    private final AtomicInteger computed = new AtomicInteger();
    private final AtomicInteger fromCache = new AtomicInteger();

    PlaneWork(PlaneRequest request) {
        this.request = request;
        this.us = request.us().stream().distinct().sorted().toList();
        this.vs = request.vs().stream().distinct().sorted().toList();
        this.order = PlaneOrder.of(us.size(), vs.size());
    }

    @Override
    public int count() {
        return order.size();
    }

    @Override
    public void run(int unit, DeviceContext device, JobContext job) throws Exception {
        DeviceSession project = device.open(Path.of(request.project()), request.run(), request.datasets(),
                job.progress());
        Interpolator.PlaneEnd b2 = project.planeEnd(request.run2(), job.progress());
        List<String> warnings = new ArrayList<>(project.workspace().checkFiniteWeights(request.allowNonFinite()));
        warnings.addAll(InterpolationWorkspace.checkFiniteWeights(List.of(b2.weights()), request.allowNonFinite()));
        if (warned.compareAndSet(false, true)) {
            warnings.forEach(w -> job.publish(new JobEvent.Warning(job.id(), w)));
        }
        PlaneOrder.Index index = order.get(unit);
        double u = us.get(index.i());
        double v = vs.get(index.j());
        List<DatasetHandle> datasets = project.accuracyDatasets(request.datasets());
        int batch = request.batchSize() != null ? request.batchSize() : project.workspace().batchSize();
        Progress cancellation = job.cancellation();
        boolean applied = false;
        Map<String, SweepResult.Metrics> metrics = new LinkedHashMap<>();
        for (DatasetHandle h : datasets) {
            job.progress().checkCancelled();
            String key = project.planeCellKey(u, v, b2, h);
            CellCounts c = CachedCells.read(device, key, h.data().size());
            if (c == null) {
                if (!applied) {
                    project.applyPlane(u, v, b2);
                    applied = true;
                }
                long start = System.nanoTime();
                DatasetMetrics m = device.batchSizes().run(batch,
                        b -> project.evaluator(b).evaluate(h.data(), h.mapping(), cancellation));
                device.evaluationRate().record(h.data().size(), System.nanoTime() - start);
                c = CellCounts.of(m);
                device.results().put(key, c.toJson());
                if (device instanceof DeviceWorker w) {
                    w.countCell();
                }
                computed.incrementAndGet();
            } else {
                fromCache.incrementAndGet();
            }
            metrics.put(h.entry().name(), SweepResult.Metrics.of(
                    h.entry().role().name().toLowerCase(Locale.ROOT),
                    c.toMetrics(h.entry().name(), h.data().classNames())));
        }
        PlaneResult.Cell cell = PlaneResult.Cell.of(u, v, metrics);
        done.put(index.i() * vs.size() + index.j(), cell);
        job.publish(new JobEvent.PlaneCell(job.id(), cell));
        job.progress().update(String.format(Locale.ROOT, "plane u %s v %s", u, v), done.size(), order.size(),
                "points");
    }

    @Override
    public PlaneResult finish(DeviceContext device, JobContext job) throws Exception {
        DeviceSession project = device.open(Path.of(request.project()), request.run(), request.datasets(),
                job.progress());
        Interpolator.PlaneEnd b2 = project.planeEnd(request.run2(), job.progress());
        List<PlaneResult.Cell> cells = new ArrayList<>();
        for (int k = 0; k < us.size() * vs.size(); k++) {
            PlaneResult.Cell c = done.get(k);
            if (c != null) {
                cells.add(c);
            }
        }
        job.publish(new JobEvent.CacheUse(job.id(), "cell", computed.get(), fromCache.get()));
        return new PlaneResult("rft-workbench", Version.get(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                provenance(project, b2, request.run2()), us, vs, cells);
    }

    /** The line's provenance (project, model, A, B1, datasets, engine) with B2 and the plane's settings. */
    private PlaneResult.Provenance provenance(DeviceSession session, Interpolator.PlaneEnd b2, String run2) {
        int batch = request.batchSize() != null ? request.batchSize() : session.workspace().batchSize();
        SweepResult.Provenance line = SweepRunner.provenance(session.workspace(),
                session.accuracyDatasets(request.datasets()), batch, AlphaOverrides.NONE);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("planeConvention", "theta(u, v) = A + u * (B1 - A) + v * (B2 - A)");
        settings.put("batchSize", batch);
        settings.put("preprocess", line.settings().get("preprocess"));
        return new PlaneResult.Provenance(line.project(), line.model(), line.endpointA(), line.endpointB(),
                new SweepResult.Checkpoint(run2, b2.weights().source().toString(), b2.weights().sha256()),
                line.datasets(), settings, line.engine());
    }

}
