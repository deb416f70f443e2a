package org.rftworkbench.core.service.embedded;

import org.rftworkbench.core.service.AnalysisRequest;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.ModelLayout;
import org.rftworkbench.core.service.ModelLayoutRequest;
import org.rftworkbench.core.service.SharpnessRequest;
import org.rftworkbench.core.service.SparsityRequest;
import org.rftworkbench.core.service.StragglerRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.AlphaGrids;
import org.rftworkbench.core.eval.Evaluator;
import org.rftworkbench.core.layers.LayerInstability;
import org.rftworkbench.core.layers.StragglerAnalysis;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.service.cache.CacheKey;
import org.rftworkbench.core.service.cache.ResultCacheCellStore;
import org.rftworkbench.core.session.InterpolationWorkspace;
import org.rftworkbench.core.session.InterpolationWorkspace.DatasetHandle;
import org.rftworkbench.core.sharpness.CellStore;
import org.rftworkbench.core.sharpness.NoiseFile;
import org.rftworkbench.core.sharpness.SharpnessData;
import org.rftworkbench.core.sharpness.SharpnessHeatmap;
import org.rftworkbench.core.sharpness.SharpnessMeter;
import org.rftworkbench.core.sharpness.SharpnessResult;
import org.rftworkbench.core.sharpness.SharpnessSettings;
import org.rftworkbench.core.sparsity.PathEvaluation;
import org.rftworkbench.core.sparsity.SparsityExperiment;

/**
 * The device-thread side of {@link AnalysisRequest}s: opens the project on the device (kept open between jobs),
 * runs the core analysis, and caches what it produces (sharpness per cell, the other analyses as whole results).
 * Analyses evaluate the fp32 working model whatever the service's precision, and leave its weights at some point of
 * the path: every later job writes its own alpha first. Stateless; each work object runs on one device thread.
 */
final class AnalysisWork {
    /**
     * DJL allows one gradient recording per process, so sharpness jobs on different device threads take turns.
     */
    private static final ReentrantLock GRADIENTS = new ReentrantLock();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bump when the straggler or sparsity code changes its results, so cached results stop matching. */
    private static final int ANALYSIS_CODE_VERSION = 1;

    private AnalysisWork() {
    }

    @SuppressWarnings("unchecked")
    static <R> DeviceWork<R> of(AnalysisRequest<R> request) {
        if (request instanceof SharpnessRequest s) {
            return (DeviceWork<R>) (DeviceWork<SharpnessResult>) (device, job) -> sharpness(s, device, job);
        }
        if (request instanceof StragglerRequest s) {
            return (DeviceWork<R>) (DeviceWork<StragglerAnalysis.Result>) (device, job) -> stragglers(s, device, job);
        }
        if (request instanceof SparsityRequest s) {
            return (DeviceWork<R>) (DeviceWork<PathEvaluation.PathResult>) (device, job) -> sparsity(s, device, job);
        }
        if (request instanceof org.rftworkbench.core.service.LayerSearchRequest s) {
            return (DeviceWork<R>) (DeviceWork<org.rftworkbench.core.layers.LayerSearchResult>) (device, job)
                    -> new LayerSearchWork(s, device, job).run();
        }
        if (request instanceof ModelLayoutRequest s) {
            return (DeviceWork<R>) (DeviceWork<ModelLayout>) (device, job) -> layout(s, device, job);
        }
        throw new IllegalArgumentException("unknown analysis " + request.getClass().getName());
    }

    private static SharpnessResult sharpness(SharpnessRequest r, DeviceContext device, JobContext job)
            throws Exception {
        Path file = Path.of(r.project());
        SharpnessRequest.Options options = r.effectiveOptions();
        DeviceSession open = device.open(file, r.run(), List.of(sharpnessDataset(r, device, job)), job.progress());
        InterpolationWorkspace ws = open.workspace();
        checkFinite(ws, r, job);
        GRADIENTS.lockInterruptibly();
        try (NoiseFile noise = options.noiseFile() == null ? null
                : NoiseFile.open(Path.of(options.noiseFile()), ws.workingModel().manager().getDevice())) {
            SharpnessData data = SharpnessHeatmap.dataFor(ws, r.settings());
            SharpnessMeter meter = new SharpnessMeter(ws.workingModel(), data, r.settings(), noise);
            CellStore store = new ResultCacheCellStore(device.results());
            SharpnessHeatmap heatmap = new SharpnessHeatmap(ws, meter,
                    options.recompute() ? SharpnessNotes.writeOnly(store) : store);
            if (options.estimate() || options.estimateOnly()) {
                ws.interpolator().apply(r.alphas().get(0));
                double[] times = meter.timePasses(meter.perturbable(), 3);
                job.publish(new JobEvent.Note(job.id(), SharpnessNotes.estimate(
                        heatmap.cellCount(r.alphas(), r.granularity()), data, r.settings(), times)));
            }
            if (options.estimateOnly()) {
                return new SharpnessResult(ws.spec().name(), ws.endpointA().sha256(), ws.endpointB().sha256(),
                        data.dataset().name(), r.granularity(), r.settings(),
                        r.settings().definition() == SharpnessSettings.Definition.AVERAGE_CASE
                                ? meter.noise().describe() : null, List.of());
            }
            Map<String, List<String>> groups = heatmap.groups(r.granularity());
            heatmap.onCell(cell -> {
                job.publish(new JobEvent.SharpnessCell(job.id(), cell));
                if (options.benchmark() && !cell.fromCache()) {
                    job.publish(new JobEvent.Note(job.id(), SharpnessNotes.benchmark(cell, meter, groups, ws)));
                }
            });
            SharpnessResult result = heatmap.run(r.alphas(), r.granularity(), job.progress());
            int cached = (int) result.cells().stream().filter(SharpnessResult.Cell::fromCache).count();
            job.publish(new JobEvent.CacheUse(job.id(), "cell", result.cells().size() - cached, cached));
            return result;
        } finally {
            GRADIENTS.unlock();
        }
    }

    /** The request's dataset, or the project's dataset with role "sharpness". */
    static String sharpnessDataset(SharpnessRequest r, DeviceContext device, JobContext job)
            throws RftException {
        if (r.settings().dataset() != null) {
            return r.settings().dataset();
        }
        ProjectSpec project = org.rftworkbench.core.project.ProjectStore.load(Path.of(r.project())).spec();
        return project.datasets().stream().filter(d -> d.role() == ProjectSpec.Role.SHARPNESS)
                .map(ProjectSpec.DatasetEntry::name).findFirst()
                .orElseThrow(() -> new RftException(r.project() + ": no dataset with role 'sharpness'"));
    }

    private static StragglerAnalysis.Result stragglers(StragglerRequest r, DeviceContext device, JobContext job)
            throws Exception {
        Path file = Path.of(r.project());
        String name = stragglerDataset(r);
        DeviceSession open = device.open(file, r.run(), List.of(name), job.progress());
        InterpolationWorkspace ws = open.workspace();
        checkFinite(ws, r, job);
        List<Double> grid = AlphaGrids.withEndpoints(r.alphas());
        DatasetHandle dataset = ws.datasets().get(name);
        if (dataset == null) {
            throw new RftException(r.project() + ": no dataset named '" + name + "'");
        }
        String key = stragglerKey(r, open, dataset, grid);
        Optional<StragglerAnalysis.Result> cached = cached(device, key, StragglerAnalysis.Result.class);
        if (cached.isPresent()) {
            job.publish(new JobEvent.CacheUse(job.id(), "result", 0, 1));
            return cached.get();
        }
        int batch = r.batchSize() != null ? r.batchSize() : ws.batchSize();
        StragglerAnalysis.Result result;
        try (Evaluator evaluator = new Evaluator(ws.workingModel(), batch)) {
            result = StragglerAnalysis.run(ws, evaluator, new StragglerAnalysis.Settings(
                    new LayerInstability.Settings(grid, r.baseAlpha(), r.metric()), name, r.primary(),
                    r.selection(), r.sharpness()), job.progress());
        }
        device.results().put(key, JSON.valueToTree(result));
        job.publish(new JobEvent.CacheUse(job.id(), "result", 1, 0));
        return result;
    }

    /** The result-cache key of a whole straggler analysis: the pair, its settings and the dataset's content. */
    static String stragglerKey(StragglerRequest r, DeviceSession open, DatasetHandle dataset, List<Double> grid) {
        return open.analysisKey("stragglers")
                .add("analysisCode", ANALYSIS_CODE_VERSION)
                .add("alphas", grid.stream().map(CacheKey::exactDecimal).toList())
                .addExact("base", r.baseAlpha())
                .add("metric", r.metric().name())
                .add("dataset", dataset.data().contentKey())
                .add("primary", r.primary().name())
                .add("selection", r.selection().toString())
                .add("sharpness", r.sharpness() == null ? List.of() : r.sharpness().entrySet().stream()
                        .map(e -> e.getKey() + "=" + CacheKey.exactDecimal(e.getValue())).toList())
                .build();
    }

    /** The dataset a straggler analysis reads: the request's, else the project's default (its ID dataset). */
    static String stragglerDataset(StragglerRequest r) throws RftException {
        return r.dataset() != null ? r.dataset()
                : StragglerAnalysis.defaultDataset(
                        org.rftworkbench.core.project.ProjectStore.load(Path.of(r.project())));
    }

    private static PathEvaluation.PathResult sparsity(SparsityRequest r, DeviceContext device, JobContext job)
            throws Exception {
        Path file = Path.of(r.project());
        DeviceSession open = device.open(file, r.run(), null, job.progress());
        InterpolationWorkspace ws = open.workspace();
        checkFinite(ws, r, job);
        List<Double> grid = AlphaGrids.withEndpoints(r.alphas());
        List<DatasetHandle> datasets = open.accuracyDatasets(null);
        if (r.spec() != null) {
            r.spec().validated();
        }
        String key = open.analysisKey("sparsity-path")
                .add("analysisCode", ANALYSIS_CODE_VERSION)
                .add("alphas", grid.stream().map(CacheKey::exactDecimal).toList())
                .add("spec", r.spec() == null ? "none" : r.spec().descriptor())
                .addExact("tolerance", r.tolerance())
                .add("datasets", datasets.stream().map(h -> h.entry().name() + "=" + h.entry().role() + ":"
                        + h.data().contentKey()).toList())
                .build();
        Optional<PathEvaluation.PathResult> cached = cached(device, key, PathEvaluation.PathResult.class);
        if (cached.isPresent()) {
            job.publish(new JobEvent.CacheUse(job.id(), "result", 0, 1));
            return cached.get();
        }
        int batch = r.batchSize() != null ? r.batchSize() : ws.batchSize();
        Map<String, List<String>> groups = LayerInstability.blockGroups(ws.interpolator());
        PathEvaluation.PathResult result;
        try (Evaluator evaluator = new Evaluator(ws.workingModel(), batch)) {
            result = SparsityExperiment.evaluate(ws, evaluator, datasets, groups, r.spec(), grid, r.tolerance(),
                    job.progress());
        }
        device.results().put(key, JSON.valueToTree(result));
        job.publish(new JobEvent.CacheUse(job.id(), "result", 1, 0));
        return result;
    }

    private static ModelLayout layout(ModelLayoutRequest r, DeviceContext device, JobContext job) throws Exception {
        DeviceSession open = device.open(Path.of(r.project()), r.run(), r.datasets(), job.progress());
        InterpolationWorkspace ws = open.workspace();
        checkFinite(ws, r, job);
        Map<String, List<String>> groups = LayerInstability.blockGroups(ws.interpolator());
        List<String> eligible = r.filter() == null ? List.copyOf(groups.keySet())
                : SparsityExperiment.eligibleGroups(groups, r.filter(), ws.endpointB().tensors());
        Map<String, Integer> images = new java.util.LinkedHashMap<>();
        for (DatasetHandle h : open.accuracyDatasets(r.datasets())) {
            images.put(h.entry().name(), h.data().size());
        }
        return new ModelLayout(groups, eligible, images);
    }

    /** Refuses checkpoints with NaN/Inf unless the request allows them; then publishes the warnings. */
    static void checkFinite(InterpolationWorkspace ws, AnalysisRequest<?> r, JobContext job)
            throws RftException {
        for (String warning : ws.checkFiniteWeights(r.allowNonFinite())) {
            job.publish(new JobEvent.Warning(job.id(), warning));
        }
    }

    /** A cached whole result, or empty when absent or unreadable (then it is recomputed and overwritten). */
    static <T> Optional<T> cached(DeviceContext device, String key, Class<T> type) {
        Optional<JsonNode> node = device.results().get(key);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.treeToValue(node.get(), type));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
