package org.rftworkbench.core.service.embedded;

import org.rftworkbench.core.service.Precision;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.Evaluator;
import org.rftworkbench.core.interpolate.AlphaOverrides;
import org.rftworkbench.core.model.WeightModel;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.service.cache.CacheKey;
import org.rftworkbench.core.service.estimate.StratifiedOrder;
import org.rftworkbench.core.session.InterpolationWorkspace;
import org.rftworkbench.core.session.InterpolationWorkspace.DatasetHandle;
import org.rftworkbench.core.util.Hashing;

/**
 * A project opened on one device: its {@link InterpolationWorkspace}, the model evaluation runs on (the fp32
 * working model, or a bf16/fp16 copy of it), evaluators per batch size, the stratified orders of its datasets, and
 * the identity that result-cache keys are built from.
 *
 * <p>Not thread-safe: owned by one device thread (it lives in that thread's LRU and is closed by it).
 */
public final class DeviceSession implements AutoCloseable {
    /**
     * Version of the evaluation code behind cached cells: bump it whenever the model forward pass, preprocessing or
     * the metrics change in a way that changes results, so old cache entries stop matching. 2: rows of logits with
     * NaN/Inf count as wrong (version 1 scored them as correct) and are counted in {@code nonFinite}.
     */
    public static final int METRIC_CODE_VERSION = 2;
    /** What an evaluation cell holds, as part of its key. */
    static final String METRIC = "top1,top5,cross-entropy(nats),per-class;logits=float32";

    private final InterpolationWorkspace workspace;
    private final LowPrecisionModel lowPrecision;
    private final Precision precision;
    private final String modelIdentity;
    private final List<String> headClasses;
    private final Map<Integer, Evaluator> evaluators = new HashMap<>();
    private final Map<String, int[]> orders = new HashMap<>();
    /** The plane's third endpoint, if one is open: one at a time, since each holds a full copy of the weights. */
    private String planeRun;
    private org.rftworkbench.core.interpolate.EndpointWeights planeWeights;
    private org.rftworkbench.core.interpolate.Interpolator.PlaneEnd planeEnd;

    DeviceSession(InterpolationWorkspace workspace, Precision precision) throws RftException {
        this.workspace = workspace;
        this.precision = precision;
        this.modelIdentity = modelIdentity(workspace);
        this.headClasses = workspace.project().classNames();
        this.lowPrecision = precision == Precision.FP32 ? null
                : LowPrecisionModel.of(workspace.workingModel(), precision);
    }

    public InterpolationWorkspace workspace() {
        return workspace;
    }

    /** The model forward passes run on: the fp32 working model, or its low-precision copy. */
    public WeightModel evaluationModel() {
        return lowPrecision != null ? lowPrecision : workspace.workingModel();
    }

    /** Writes theta(alpha) into the fp32 working model (and casts it into the low-precision copy, if any). */
    public void applyAlpha(double alpha, AlphaOverrides overrides) {
        workspace.interpolator().apply(alpha, overrides);
        if (lowPrecision != null) {
            lowPrecision.syncFromMaster();
        }
    }

    /**
     * The third endpoint B2 of a plane: run {@code label}, loaded on this device on first use and kept until another
     * label is asked for (then that one replaces it) or the session closes.
     *
     * @throws RftException when no run has the label, its checkpoint cannot be read or does not match A
     */
    public org.rftworkbench.core.interpolate.Interpolator.PlaneEnd planeEnd(String label,
            org.rftworkbench.core.util.Progress progress) throws RftException {
        if (!label.equals(planeRun)) {
            closePlane();
            org.rftworkbench.core.interpolate.EndpointWeights weights = workspace.loadRun(label, progress);
            try {
                planeEnd = workspace.interpolator().planeEnd(weights);
            } catch (RftException | RuntimeException e) {
                weights.close();
                throw e;
            }
            planeWeights = weights;
            planeRun = label;
        }
        return planeEnd;
    }

    /** Writes theta(u, v) = A + u (B1 - A) + v (B2 - A) into the working model (and its low-precision copy). */
    public void applyPlane(double u, double v, org.rftworkbench.core.interpolate.Interpolator.PlaneEnd b2) {
        workspace.interpolator().applyPlane(u, v, b2);
        if (lowPrecision != null) {
            lowPrecision.syncFromMaster();
        }
    }

    /**
     * The result-cache key of one plane cell. On v = 0 the plane is the interpolation line (written by the same
     * kernel), so the key is the line's cell key without per-layer alphas and the plane shares the sweep's cells;
     * elsewhere it also holds B2's content and v.
     */
    public String planeCellKey(double u, double v, org.rftworkbench.core.interpolate.Interpolator.PlaneEnd b2,
            DatasetHandle dataset) {
        if (v == 0) {
            return evalCellKey(u, AlphaOverrides.NONE, "", dataset);
        }
        return CacheKey.of("plane-cell")
                .add("code", METRIC_CODE_VERSION)
                .add("endpointA", workspace.endpointA().sha256())
                .add("endpointB1", workspace.endpointB().sha256())
                .add("endpointB2", b2.weights().sha256())
                .add("model", modelIdentity)
                .addExact("u", u)
                .addExact("v", v)
                .add("formula", "(A + u * (B1 - A)) + v * (B2 - A), float32")
                .add("dataset", dataset.data().contentKey())
                .add("datasetClasses", dataset.data().classNames())
                .add("headClasses", headClasses)
                .add("metric", METRIC)
                .add("precision", precision.label())
                .build();
    }

    private void closePlane() {
        if (planeWeights != null) {
            planeWeights.close();
        }
        planeWeights = null;
        planeEnd = null;
        planeRun = null;
    }

    /** An evaluator of the evaluation model with this batch size (kept for reuse). */
    public Evaluator evaluator(int batchSize) {
        return evaluators.computeIfAbsent(batchSize, b -> new Evaluator(evaluationModel(), b));
    }

    /** The fixed-seed stratified order of a dataset's images (computed once). */
    public int[] stratifiedOrder(DatasetHandle dataset) {
        return orders.computeIfAbsent(dataset.data().contentKey(), k -> StratifiedOrder.of(dataset.data().labels(),
                dataset.data().classNames().size(), StratifiedOrder.DEFAULT_SEED));
    }

    /** Overrides of a request: null = the project's own, otherwise exactly the given rules (empty = none). */
    public AlphaOverrides overrides(List<AlphaOverrides.Rule> rules) throws RftException {
        return rules == null ? workspace.projectOverrides() : AlphaOverrides.of(rules);
    }

    /**
     * The datasets an accuracy job evaluates, in project order.
     *
     * @param names the request's names (null = every id and ood dataset)
     */
    public List<DatasetHandle> accuracyDatasets(List<String> names) {
        List<DatasetHandle> out = new ArrayList<>();
        for (DatasetHandle h : workspace.datasets().values()) {
            boolean wanted = names != null ? names.contains(h.entry().name())
                    : h.entry().role().readout();
            if (wanted) {
                out.add(h);
            }
        }
        return out;
    }

    /**
     * The result-cache key of one evaluation cell: everything that determines its value (both checkpoints'
     * contents, the architecture, alpha and per-layer alphas as exact decimals, a weight-transform descriptor, the
     * dataset's content and preprocessing, class mapping, metric, precision and code version), and nothing that
     * does not (paths, names, batch size).
     *
     * @param transform descriptor of any further weight transform (e.g. a sparsity mask); "" for none
     */
    public String evalCellKey(double alpha, AlphaOverrides overrides, String transform, DatasetHandle dataset) {
        List<String> rules = new ArrayList<>();
        for (AlphaOverrides.Rule r : overrides.rules()) {
            rules.add(r.regex() + "\u0000" + CacheKey.exactDecimal(r.alpha()));
        }
        return CacheKey.of("eval-cell")
                .add("code", METRIC_CODE_VERSION)
                .add("endpointA", workspace.endpointA().sha256())
                .add("endpointB", workspace.endpointB().sha256())
                .add("model", modelIdentity)
                .addExact("alpha", alpha)
                .add("layerAlphas", rules)
                .add("transform", transform)
                .add("dataset", dataset.data().contentKey())
                .add("datasetClasses", dataset.data().classNames())
                .add("headClasses", headClasses)
                .add("metric", METRIC)
                .add("precision", precision.label())
                .build();
    }

    /**
     * A result-cache key builder for a whole analysis result of {@code kind}, already holding what every result of
     * this project depends on (code version, both checkpoints' contents, the architecture, head classes, precision);
     * the caller adds the request's settings and the datasets' content keys.
     */
    public CacheKey analysisKey(String kind) {
        return CacheKey.of(kind)
                .add("code", METRIC_CODE_VERSION)
                .add("endpointA", workspace.endpointA().sha256())
                .add("endpointB", workspace.endpointB().sha256())
                .add("model", modelIdentity)
                .add("headClasses", headClasses)
                .add("precision", precision.label());
    }

    /** The architecture as content: config file hash, built-in name, or TorchScript file hash. */
    private static String modelIdentity(InterpolationWorkspace ws) throws RftException {
        ProjectSpec.ModelSpec spec = ws.spec().model();
        String relative = spec.torchscript() != null ? spec.torchscript() : spec.config();
        if (relative == null) {
            // a plain name means GELU from project format 2 on (ModelConfig#builtinForProject): a key of its own,
            // so results cached for the QuickGELU meaning of older project files are never reused for it. The key
            // is the name the file means, so a format-1 "ViT-B-32" and the "ViT-B-32-quickgelu" it is saved as in
            // format 3 share their cells
            String resolved = org.rftworkbench.core.model.ModelConfig.projectBuiltinName(spec.builtin(),
                    ws.spec().formatVersion());
            return (resolved.endsWith("-quickgelu") ? "builtin:" : "builtin-gelu:") + resolved;
        }
        java.nio.file.Path file = ws.project().checked(relative);
        try {
            return (spec.torchscript() != null ? "torchscript:" : "config:") + Hashing.sha256(file);
        } catch (IOException e) {
            throw new RftException(RftException.at(file, "cannot read: " + e.getMessage()));
        }
    }

    @Override
    public void close() {
        evaluators.values().forEach(Evaluator::close);
        evaluators.clear();
        if (lowPrecision != null) {
            lowPrecision.close();
        }
        closePlane();
        workspace.close();
    }
}
