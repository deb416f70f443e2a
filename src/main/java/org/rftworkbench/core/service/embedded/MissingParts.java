package org.rftworkbench.core.service.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rftworkbench.core.eval.AlphaGrids;
import org.rftworkbench.core.interpolate.AlphaOverrides;
import org.rftworkbench.core.layers.StragglerAnalysis;
import org.rftworkbench.core.service.JobRequest;
import org.rftworkbench.core.service.SharpnessRequest;
import org.rftworkbench.core.service.StragglerRequest;
import org.rftworkbench.core.service.SweepRequest;
import org.rftworkbench.core.service.cache.ResultCacheCellStore;
import org.rftworkbench.core.session.InterpolationWorkspace;
import org.rftworkbench.core.session.InterpolationWorkspace.DatasetHandle;
import org.rftworkbench.core.sharpness.NoiseFile;
import org.rftworkbench.core.sharpness.SharpnessData;
import org.rftworkbench.core.sharpness.SharpnessHeatmap;
import org.rftworkbench.core.sharpness.SharpnessMeter;

/**
 * What of a request is not in the result cache yet, as smaller requests of the same kind that another service (a
 * Spark executor) can run and cache: a sweep becomes one sweep per alpha with a missing cell, a sharpness heatmap one
 * heatmap per alpha with a missing cell, a straggler analysis itself unless its whole result is cached. The keys are
 * the ones the work itself reads ({@link SweepWork#cellKey}, {@link SharpnessHeatmap#stored},
 * {@link AnalysisWork#stragglerKey}), so a part listed here is exactly what the work would compute. Stateless.
 */
final class MissingParts {
    private MissingParts() {
    }

    /** The device work that lists the missing parts of {@code request}. */
    static DeviceWork<List<JobRequest>> of(JobRequest request) {
        if (request instanceof SweepRequest s) {
            return (device, job) -> sweep(s, device, job);
        }
        if (request instanceof SharpnessRequest s) {
            return (device, job) -> sharpness(s, device, job);
        }
        if (request instanceof StragglerRequest s) {
            return (device, job) -> stragglers(s, device, job);
        }
        throw new IllegalArgumentException("no cell plan for " + request.getClass().getSimpleName()
                + ": only sweeps, sharpness heatmaps and straggler analyses are split into parts");
    }

    private static List<JobRequest> sweep(SweepRequest r, DeviceContext device, JobContext job) throws Exception {
        DeviceSession project = device.open(Path.of(r.project()), r.run(), r.datasets(), job.progress());
        project.workspace().checkFiniteWeights(r.allowNonFinite());
        List<DatasetHandle> datasets = project.accuracyDatasets(r.datasets());
        AlphaOverrides overrides = project.overrides(r.layerAlphas());
        List<JobRequest> parts = new ArrayList<>();
        for (double alpha : r.alphas()) {
            job.progress().checkCancelled();
            for (DatasetHandle h : datasets) {
                if (CachedCells.read(device, SweepWork.cellKey(project, overrides, alpha, h), h.data().size())
                        == null) {
                    parts.add(new SweepRequest(r.project(), List.of(alpha), r.layerAlphas(), r.datasets(),
                            r.batchSize(), r.allowNonFinite(), r.run()));
                    break;
                }
            }
        }
        return parts;
    }

    private static List<JobRequest> sharpness(SharpnessRequest r, DeviceContext device, JobContext job)
            throws Exception {
        String dataset = AnalysisWork.sharpnessDataset(r, device, job);
        DeviceSession open = device.open(Path.of(r.project()), r.run(), List.of(dataset), job.progress());
        InterpolationWorkspace ws = open.workspace();
        ws.checkFiniteWeights(r.allowNonFinite());
        SharpnessRequest.Options options = r.effectiveOptions();
        List<JobRequest> parts = new ArrayList<>();
        try (NoiseFile noise = options.noiseFile() == null ? null
                : NoiseFile.open(Path.of(options.noiseFile()), ws.workingModel().manager().getDevice())) {
            SharpnessData data = SharpnessHeatmap.dataFor(ws, r.settings());
            SharpnessHeatmap heatmap = new SharpnessHeatmap(ws,
                    new SharpnessMeter(ws.workingModel(), data, r.settings(), noise),
                    new ResultCacheCellStore(device.results()));
            for (double alpha : r.alphas()) {
                job.progress().checkCancelled();
                if (options.recompute() || !heatmap.stored(alpha, r.granularity())) {
                    parts.add(new SharpnessRequest(r.project(), List.of(alpha), r.settings(), r.granularity(),
                            r.options(), r.allowNonFinite(), r.run()));
                }
            }
        }
        return parts;
    }

    private static List<JobRequest> stragglers(StragglerRequest r, DeviceContext device, JobContext job)
            throws Exception {
        String name = AnalysisWork.stragglerDataset(r);
        DeviceSession open = device.open(Path.of(r.project()), r.run(), List.of(name), job.progress());
        open.workspace().checkFiniteWeights(r.allowNonFinite());
        DatasetHandle dataset = open.workspace().datasets().get(name);
        if (dataset == null) {
            return List.of(r); // the analysis itself says what is wrong, in its own words
        }
        String key = AnalysisWork.stragglerKey(r, open, dataset, AlphaGrids.withEndpoints(r.alphas()));
        return AnalysisWork.cached(device, key, StragglerAnalysis.Result.class).isPresent() ? List.of()
                : List.of(r);
    }
}
