package org.rftworkbench.core.service.embedded;

import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.SweepRequest;

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
import java.util.concurrent.atomic.AtomicLong;
import org.rftworkbench.core.Version;
import org.rftworkbench.core.eval.DatasetMetrics;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.interpolate.AlphaOverrides;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.service.estimate.CellCounts;
import org.rftworkbench.core.session.InterpolationWorkspace.DatasetHandle;
import org.rftworkbench.core.session.SweepRunner;
import org.rftworkbench.core.util.Progress;

/**
 * An exact sweep: one unit per alpha, so several devices share a sweep. Each (alpha, dataset) cell is read from the
 * result cache or computed and written to it as soon as it is done, so an interrupted sweep resumes with only the
 * missing cells; alpha is written into the weights only when a cell of it is missing. The unit that finishes last
 * assembles the {@link SweepResult} in the request's order, as {@link SweepRunner} would have.
 */
final class SweepWork implements Job.Units<SweepResult> {
    private final SweepRequest request;
    private final Map<String, CellCounts> cells = new ConcurrentHashMap<>();
    private final AtomicLong imagesDone = new AtomicLong();
    private final AtomicBoolean warned = new AtomicBoolean();
    private final AtomicInteger computed = new AtomicInteger();
    private final AtomicInteger fromCache = new AtomicInteger();

    SweepWork(SweepRequest request) {
        this.request = request;
    }

    @Override
    public int count() {
        return Math.max(1, request.alphas().size()); // a sweep of no alphas still reports its provenance
    }

    @Override
    public void run(int unit, DeviceContext device, JobContext job) throws Exception {
        DeviceSession project = device.open(Path.of(request.project()), request.run(), request.datasets(),
                job.progress());
        List<String> warnings = project.workspace().checkFiniteWeights(request.allowNonFinite());
        if (warned.compareAndSet(false, true)) {
            warnings.forEach(w -> job.publish(new JobEvent.Warning(job.id(), w)));
        }
        if (request.alphas().isEmpty()) {
            return;
        }
        List<DatasetHandle> datasets = project.accuracyDatasets(request.datasets());
        AlphaOverrides overrides = project.overrides(request.layerAlphas());
        int batch = batchSize(project);
        double alpha = request.alphas().get(unit);
        long totalImages = (long) request.alphas().size() * datasets.stream().mapToLong(h -> h.data().size()).sum();
        boolean applied = false;
        for (DatasetHandle h : datasets) {
            job.progress().checkCancelled();
            String key = cellKey(project, overrides, alpha, h);
            CellCounts c = CachedCells.read(device, key, h.data().size());
            if (c == null) {
                if (!applied) {
                    project.applyAlpha(alpha, overrides);
                    applied = true;
                }
                long base = imagesDone.get();
                String task = String.format(Locale.ROOT, "alpha %s %s", alpha, h.entry().name());
                Progress cellProgress = new Progress() {
                    @Override
                    public void update(String t, long done, long total) {
                        job.progress().update(task, Math.min(totalImages, base + done), totalImages, "images");
                    }

                    @Override
                    public boolean isCancelled() {
                        return job.isCancelled();
                    }
                };
                long evaluationStart = System.nanoTime();
                DatasetMetrics m = device.batchSizes().run(batch,
                        b -> project.evaluator(b).evaluate(h.data(), h.mapping(), cellProgress));
                device.evaluationRate().record(h.data().size(), System.nanoTime() - evaluationStart);
                c = CellCounts.of(m);
                device.results().put(key, c.toJson());
                if (device instanceof DeviceWorker w) {
                    w.countCell();
                }
                computed.incrementAndGet();
            } else {
                fromCache.incrementAndGet();
            }
            cells.put(cellName(unit, h), c);
            long done = imagesDone.addAndGet(h.data().size());
            job.progress().update(String.format(Locale.ROOT, "alpha %s %s", alpha, h.entry().name()), done,
                    totalImages, "images");
        }
    }

    @Override
    public SweepResult finish(DeviceContext device, JobContext job) throws Exception {
        DeviceSession project = device.open(Path.of(request.project()), request.run(), request.datasets(),
                job.progress());
        List<DatasetHandle> datasets = project.accuracyDatasets(request.datasets());
        AlphaOverrides overrides = project.overrides(request.layerAlphas());
        List<SweepResult.Point> points = new ArrayList<>();
        long nonFiniteImages = 0;
        List<String> nonFiniteCells = new ArrayList<>();
        for (int unit = 0; unit < request.alphas().size(); unit++) {
            Map<String, SweepResult.Metrics> metrics = new LinkedHashMap<>();
            double oodSum = 0;
            int oodCount = 0;
            for (DatasetHandle h : datasets) {
                CellCounts c = cells.get(cellName(unit, h));
                if (c.nonFinite() > 0) {
                    nonFiniteImages += c.nonFinite();
                    nonFiniteCells.add(String.format(Locale.ROOT, "alpha %s %s (%d of %d)", request.alphas().get(unit),
                            h.entry().name(), c.nonFinite(), c.n()));
                }
                DatasetMetrics m = c.toMetrics(h.entry().name(), h.data().classNames());
                metrics.put(h.entry().name(), SweepResult.Metrics.of(role(h), m));
                if (h.entry().role() == ProjectSpec.Role.OOD) {
                    oodSum += m.top1();
                    oodCount++;
                }
            }
            points.add(new SweepResult.Point(request.alphas().get(unit), metrics,
                    oodCount == 0 ? null : oodSum / oodCount));
        }
        if (!nonFiniteCells.isEmpty()) {
            job.publish(new JobEvent.Warning(job.id(), nonFiniteImages + " images gave NaN/Inf logits in "
                    + nonFiniteCells.size() + " of " + request.alphas().size() * datasets.size()
                    + " cells (counted as wrong, left out of the loss): "
                    + String.join(", ", nonFiniteCells.subList(0, Math.min(3, nonFiniteCells.size())))
                    + (nonFiniteCells.size() > 3 ? ", ..." : "")));
        }
        SweepResult result = new SweepResult("rft-workbench", Version.get(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                SweepRunner.provenance(project.workspace(), datasets, batchSize(project), overrides), points);
        job.publish(new JobEvent.CacheUse(job.id(), "cell", computed.get(), fromCache.get()));
        return result;
    }

    /** The result-cache key of a sweep's (alpha, dataset) cell: no weight transform. */
    static String cellKey(DeviceSession project, AlphaOverrides overrides, double alpha, DatasetHandle h) {
        return project.evalCellKey(alpha, overrides, "", h);
    }

    private int batchSize(DeviceSession project) {
        return request.batchSize() != null ? request.batchSize()
                : project.workspace().batchSize();
    }

    private static String cellName(int unit, DatasetHandle h) {
        return unit + "\u0000" + h.entry().name();
    }

    private static String role(DatasetHandle h) {
        return h.entry().role().name().toLowerCase(Locale.ROOT);
    }

}
