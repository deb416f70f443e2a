package org.rftworkbench.core.service.embedded;

import org.rftworkbench.core.service.Estimate;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.PreviewRequest;
import org.rftworkbench.core.service.PreviewResult;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rftworkbench.core.eval.DatasetMetrics;
import org.rftworkbench.core.interpolate.AlphaOverrides;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.service.estimate.CellCounts;
import org.rftworkbench.core.service.estimate.EstimateMath;
import org.rftworkbench.core.service.estimate.ProgressiveSchedule;
import org.rftworkbench.core.session.InterpolationWorkspace.DatasetHandle;
import org.rftworkbench.core.util.Progress;

/**
 * Progressive evaluation of one alpha (one unit, on one device): every dataset is evaluated along its stratified
 * order in growing prefixes ({@link ProgressiveSchedule}), only the new images at each step, and after each step an
 * {@link JobEvent.Estimates} with Wilson intervals is published. The counts of the steps add up, so the last
 * estimate is exactly the full-set value; full-set cells are cached, and cached datasets are exact from the first
 * event. Cancellation is polled per batch.
 */
final class PreviewWork implements Job.Units<PreviewResult> {
    private final PreviewRequest request;
    /**
     * Evaluation time the first step may take, in seconds: with the interpolation and the event's way to the window
     * the first measured estimate then arrives within about 5 s (issue 14's target for ViT-B/32 on a CPU).
     */
    static final double FIRST_ESTIMATE_BUDGET_SECONDS = 3.0;

    private final ProgressiveSchedule schedule;
    private PreviewResult result;

    PreviewWork(PreviewRequest request, ProgressiveSchedule schedule) {
        this.request = request;
        this.schedule = schedule;
    }

    @Override
    public int count() {
        return 1;
    }

    @Override
    public void run(int unit, DeviceContext device, JobContext job) throws Exception {
        DeviceSession project = device.open(Path.of(request.project()), request.run(), request.datasets(),
                job.progress());
        for (String warning : project.workspace().checkFiniteWeights(request.allowNonFinite())) {
            job.publish(new JobEvent.Warning(job.id(), warning));
        }
        // off the line: the point (u = alpha, v) of the plane through the run B2
        org.rftworkbench.core.interpolate.Interpolator.PlaneEnd planeEnd = request.plane() == null ? null
                : project.planeEnd(request.plane().run2(), job.progress());
        if (planeEnd != null) {
            for (String warning : org.rftworkbench.core.session.InterpolationWorkspace.checkFiniteWeights(
                    List.of(planeEnd.weights()), request.allowNonFinite())) {
                job.publish(new JobEvent.Warning(job.id(), warning));
            }
        }
        List<DatasetHandle> datasets = project.accuracyDatasets(request.datasets());
        AlphaOverrides overrides = project.overrides(request.layerAlphas());
        int batch = project.workspace().batchSize();
        double alpha = request.alpha();

        Map<String, CellCounts> counts = new LinkedHashMap<>();
        Map<String, String> keys = new LinkedHashMap<>();
        List<DatasetHandle> pending = new ArrayList<>();
        for (DatasetHandle h : datasets) {
            String key = planeEnd == null ? project.evalCellKey(alpha, overrides, "", h)
                    : project.planeCellKey(alpha, request.plane().v(), planeEnd, h);
            keys.put(h.entry().name(), key);
            CellCounts c = CachedCells.read(device, key, h.data().size());
            if (c != null) {
                counts.put(h.entry().name(), c);
            } else {
                counts.put(h.entry().name(), CellCounts.empty(h.data().classNames().size()));
                pending.add(h);
            }
        }
        boolean fromCache = pending.isEmpty();
        // the evaluator's per-batch progress is dropped: progress is published once per step, below
        Progress cancellation = job.cancellation();
        if (!fromCache && planeEnd == null) {
            project.applyAlpha(alpha, overrides);
        } else if (!fromCache) {
            project.applyPlane(alpha, request.plane().v(), planeEnd);
        }
        // On a slow device the first step shrinks so that the first measured estimate comes within seconds
        ProgressiveSchedule schedule = this.schedule.within(FIRST_ESTIMATE_BUDGET_SECONDS,
                device.evaluationRate().imagesPerSecond(), pending.size());
        int largest = pending.stream().mapToInt(h -> h.data().size()).max().orElse(0);
        int steps = Math.max(1, schedule.steps(largest));
        // one progress event per step (images evaluated so far of all pending sets), so a jobs panel can measure the
        // rate and say how long the exact values will take; per-batch events would only flood the listener
        String task = String.format(Locale.ROOT, "evaluate alpha %s", alpha);
        long totalImages = pending.stream().mapToLong(h -> h.data().size()).sum();
        long imagesDone = 0;
        if (totalImages > 0) {
            job.progress().update(task, 0, totalImages, "images");
        }
        for (int step = 0; step < steps; step++) {
            for (DatasetHandle h : pending) {
                int total = h.data().size();
                int from = step == 0 ? 0 : schedule.prefixAt(step - 1, total);
                int to = schedule.prefixAt(step, total);
                if (to <= from) {
                    continue;
                }
                int[] slice = Arrays.copyOfRange(project.stratifiedOrder(h), from, to);
                long evaluationStart = System.nanoTime();
                DatasetMetrics m = device.batchSizes().run(batch,
                        b -> project.evaluator(b).evaluate(h.data(), h.mapping(), slice, cancellation));
                device.evaluationRate().record(slice.length, System.nanoTime() - evaluationStart);
                imagesDone += to - from;
                CellCounts sum = counts.get(h.entry().name()).plus(CellCounts.of(m));
                counts.put(h.entry().name(), sum);
                if (to == total) {
                    device.results().put(keys.get(h.entry().name()), sum.toJson());
                    if (device instanceof DeviceWorker w) {
                        w.countCell();
                    }
                }
            }
            job.progress().checkCancelled();
            if (totalImages > 0) {
                job.progress().update(task, imagesDone, totalImages, "images");
            }
            job.publish(estimates(job.id(), alpha, datasets, counts, fromCache));
        }
    }

    private JobEvent.Estimates estimates(String jobId, double alpha, List<DatasetHandle> datasets,
            Map<String, CellCounts> counts, boolean fromCache) {
        List<Estimate> all = new ArrayList<>();
        List<Estimate> ood = new ArrayList<>();
        Map<String, Estimate> byName = new LinkedHashMap<>();
        for (DatasetHandle h : datasets) {
            Estimate e = EstimateMath.estimate(h.entry().name(), counts.get(h.entry().name()), h.data().size());
            all.add(e);
            byName.put(e.dataset(), e);
            if (h.entry().role() == ProjectSpec.Role.OOD) {
                ood.add(e);
            }
        }
        Estimate average = EstimateMath.averageOod(ood);
        if (all.stream().allMatch(Estimate::exact)) {
            result = new PreviewResult(alpha, byName, average, fromCache);
        }
        return new JobEvent.Estimates(jobId, alpha, List.copyOf(all), average);
    }

    @Override
    public PreviewResult finish(DeviceContext device, JobContext job) {
        return result;
    }
}
