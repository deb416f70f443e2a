package org.rftworkbench.core.service.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.DatasetMetrics;
import org.rftworkbench.core.eval.StratifiedSplit;
import org.rftworkbench.core.interpolate.AlphaOverrides;
import org.rftworkbench.core.layers.LayerInstability;
import org.rftworkbench.core.layers.LayerMixingSearch;
import org.rftworkbench.core.layers.LayerSearchResult;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ValidationSplit;
import org.rftworkbench.core.service.Estimate;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.LayerSearchRequest;
import org.rftworkbench.core.service.cache.CacheKey;
import org.rftworkbench.core.service.estimate.CellCounts;
import org.rftworkbench.core.service.estimate.EstimateMath;
import org.rftworkbench.core.session.InterpolationWorkspace.DatasetHandle;
import org.rftworkbench.core.util.Progress;

/**
 * The device side of a {@link LayerSearchRequest}: checks (or makes) the validation split of every ID and OOD
 * dataset, runs {@link LayerMixingSearch} scoring each assignment on the validation parts only, then evaluates the
 * uniform baseline and the alphas found once on the test parts. Every (weights, dataset, part) score is cached.
 * Runs on one device thread.
 */
final class LayerSearchWork {
    private final LayerSearchRequest request;
    private final DeviceContext device;
    private final JobContext job;
    private int computed;
    private int fromCache;

    LayerSearchWork(LayerSearchRequest request, DeviceContext device, JobContext job) {
        this.request = request;
        this.device = device;
        this.job = job;
    }

    LayerSearchResult run() throws Exception {
        DeviceSession open = device.open(Path.of(request.project()), request.run(), null, job.progress());
        for (String warning : open.workspace().checkFiniteWeights(request.allowNonFinite())) {
            job.publish(new JobEvent.Warning(job.id(), warning));
        }
        ProjectSpec spec = open.workspace().spec();
        List<DatasetHandle> datasets = open.accuracyDatasets(null);
        ValidationSplit recorded = spec.validationSplit();
        boolean created = recorded == null;
        if (created && request.newSplit() == null) {
            throw new RftException(open.workspace().project().file() + ": no validation split recorded; a per-layer "
                    + "search tunes on validation images only and reports on the untouched rest (make one with "
                    + "`layer-search --make-split`, or Make Split in the Layers view)");
        }
        double fraction = created ? request.newSplit().fraction() : recorded.fraction();
        long seed = created ? request.newSplit().seed() : recorded.seed();
        Map<String, StratifiedSplit.Parts> parts = new LinkedHashMap<>();
        Map<String, ValidationSplit.Part> described = new LinkedHashMap<>();
        for (DatasetHandle h : datasets) {
            String name = h.entry().name();
            StratifiedSplit.Parts p = StratifiedSplit.of(h.data().labels(), h.data().classNames().size(), fraction,
                    seed);
            ValidationSplit.Part d = p.describe();
            if (!created) {
                ValidationSplit.Part r = recorded.datasets().get(name);
                if (r == null) {
                    throw new RftException(open.workspace().project().file() + ": dataset '" + name + "' has no "
                            + "validation split (the recorded split covers " + String.join(", ",
                                    recorded.datasets().keySet()) + "); record a new split with --make-split --force");
                }
                if (!r.equals(d)) {
                    throw new RftException(open.workspace().project().file() + ": the recorded validation split of '"
                            + name + "' no longer matches its images (" + r.validation() + "+" + r.test()
                            + " recorded, " + d.validation() + "+" + d.test() + " now, or other images); record a new "
                            + "split with --make-split --force");
                }
            }
            parts.put(name, p);
            described.put(name, d);
        }
        ValidationSplit split = created ? new ValidationSplit(fraction, seed, ValidationSplit.METHOD, described)
                : recorded;

        Map<String, List<String>> groups = LayerInstability.blockGroups(open.workspace().interpolator());
        List<String> names = List.copyOf(groups.keySet());
        LayerMixingSearch.Settings settings = request.effectiveSettings();
        int batch = request.batchSize() != null ? request.batchSize() : open.workspace().batchSize();
        int[] tries = {0};
        LayerMixingSearch.Outcome outcome = LayerMixingSearch.run(names,
                request.first() == null ? List.of() : request.first(), settings, alphas -> {
                    tries[0]++;
                    job.progress().update(String.format(Locale.ROOT, "layer search: try %d", tries[0]), tries[0], -1,
                            "tries");
                    Map<String, CellCounts> counts = evaluate(open, datasets, parts, groups, alphas, true, batch);
                    return scores(datasets, counts);
                });
        Map<String, Double> uniform = new LinkedHashMap<>();
        names.forEach(g -> uniform.put(g, outcome.uniformAlpha()));
        LayerSearchResult.HeldOut uniformTest = heldOut(datasets, parts,
                evaluate(open, datasets, parts, groups, uniform, false, batch));
        LayerSearchResult.HeldOut foundTest = heldOut(datasets, parts,
                evaluate(open, datasets, parts, groups, outcome.groupAlphas(), false, batch));
        job.publish(new JobEvent.CacheUse(job.id(), "cell", computed, fromCache));
        return new LayerSearchResult(open.workspace().spec().endpointB().label(), split, created, settings, names,
                request.first() == null ? List.of() : request.first(), outcome,
                LayerMixingSearch.overrides(groups, outcome.groupAlphas()).rules(), uniformTest, foundTest);
    }

    /** Counts of every dataset's validation (or test) part with these group alphas, from the cache where present. */
    private Map<String, CellCounts> evaluate(DeviceSession open, List<DatasetHandle> datasets,
            Map<String, StratifiedSplit.Parts> parts, Map<String, List<String>> groups, Map<String, Double> alphas,
            boolean validation, int batch) throws Exception {
        AlphaOverrides overrides = LayerMixingSearch.overrides(groups, alphas);
        Progress cancellation = job.cancellation();
        Map<String, CellCounts> out = new LinkedHashMap<>();
        boolean applied = false;
        for (DatasetHandle h : datasets) {
            job.progress().checkCancelled();
            StratifiedSplit.Parts p = parts.get(h.entry().name());
            int[] indices = validation ? p.validation() : p.test();
            // every tensor has its group's alpha, so the global alpha (0) never applies
            String key = CacheKey.of("subset-cell")
                    .add("cell", open.evalCellKey(0.0, overrides, "", h))
                    .add("part", validation ? "validation" : "test")
                    .add("validationIndices", p.describe().sha256())
                    .build();
            CellCounts c = CachedCells.read(device, key, indices.length);
            if (c == null) {
                if (!applied) {
                    open.applyAlpha(0.0, overrides);
                    applied = true;
                }
                DatasetMetrics m = device.batchSizes().run(batch,
                        b -> open.evaluator(b).evaluate(h.data(), h.mapping(), indices, cancellation));
                c = CellCounts.of(m);
                device.results().put(key, c.toJson());
                computed++;
            } else {
                fromCache++;
            }
            out.put(h.entry().name(), c);
        }
        return out;
    }

    private static LayerMixingSearch.Scores scores(List<DatasetHandle> datasets, Map<String, CellCounts> counts) {
        double id = 0;
        int ids = 0;
        double ood = 0;
        int oods = 0;
        for (DatasetHandle h : datasets) {
            CellCounts c = counts.get(h.entry().name());
            double top1 = (double) c.correctTop1() / c.n();
            if (h.entry().role() == ProjectSpec.Role.ID) {
                id += top1;
                ids++;
            } else if (h.entry().role() == ProjectSpec.Role.OOD) {
                ood += top1;
                oods++;
            }
        }
        return new LayerMixingSearch.Scores(ids == 0 ? Double.NaN : id / ids, oods == 0 ? Double.NaN : ood / oods);
    }

    private static LayerSearchResult.HeldOut heldOut(List<DatasetHandle> datasets,
            Map<String, StratifiedSplit.Parts> parts, Map<String, CellCounts> counts) {
        Map<String, Estimate> all = new LinkedHashMap<>();
        List<Estimate> ids = new ArrayList<>();
        List<Estimate> oods = new ArrayList<>();
        for (DatasetHandle h : datasets) {
            String name = h.entry().name();
            Estimate e = EstimateMath.estimate(name, counts.get(name), parts.get(name).test().length);
            all.put(name, e);
            (h.entry().role() == ProjectSpec.Role.ID ? ids : oods).add(e);
        }
        Estimate id = ids.isEmpty() ? null : ids.size() == 1 ? ids.get(0) : renamed(EstimateMath.averageOod(ids));
        return new LayerSearchResult.HeldOut(all, id, EstimateMath.averageOod(oods));
    }

    private static Estimate renamed(Estimate e) {
        return new Estimate("avg_id", e.correct(), e.n(), e.total(), e.top1(), e.low(), e.high(), e.loss(), e.exact(),
                e.nonFinite());
    }

}
