package org.rftworkbench.core.service;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.rftworkbench.core.interpolate.AlphaOverrides;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.sharpness.SharpnessSettings;
import org.rftworkbench.core.sparsity.SparsitySpec;

/**
 * The one check of every value of a {@link JobRequest}, before any work starts: the CLI runs it before it starts a
 * job, the server before it accepts one (HTTP 400), and the embedded service on submit (the app's path), which
 * refuses the job at once. A bad value is an {@link InvalidRequestException} naming the field.
 *
 * <p>Limits (documented in README "Limits" and docs/REMOTE.md):
 * <ul>
 *   <li>every alpha (grid, preview, per-layer override, base alpha) is a finite number with |alpha| &lt;=
 *       {@value #MAX_ABS_ALPHA}: beyond that the weights leave float32's useful range and the logits overflow;</li>
 *   <li>at most {@value #MAX_ALPHAS} alphas per request and {@value #MAX_LAYER_ALPHAS} per-layer overrides;</li>
 *   <li>batch sizes (evaluation and sharpness m) from 1 to {@value #MAX_BATCH_SIZE};</li>
 *   <li>sharpness: rho finite and &gt; 0, eta finite and &gt;= 0, steps T from 1 to {@value #MAX_SHARPNESS_STEPS},
 *       examples n from 1 to {@value #MAX_SHARPNESS_EXAMPLES}, noise draws K from 1 to
 *       {@value #MAX_SHARPNESS_SAMPLES};</li>
 *   <li>sparsity ratio in [0, 1), failure tolerance in [0, 1]; straggler thresholds finite;</li>
 *   <li>dataset names and the run label known to the project (when the caller has loaded it).</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class RequestValidator {
    public static final double MAX_ABS_ALPHA = 100;
    public static final int MAX_ALPHAS = 10_001;
    public static final int MAX_LAYER_ALPHAS = 1_000;
    public static final int MAX_BATCH_SIZE = 4_096;
    public static final int MAX_SHARPNESS_STEPS = 10_000;
    public static final int MAX_SHARPNESS_EXAMPLES = 10_000_000;
    public static final int MAX_SHARPNESS_SAMPLES = 10_000;

    private RequestValidator() {
    }

    /** Checks every value that does not need the project file. */
    public static void validate(JobRequest request) throws InvalidRequestException {
        if (request == null) {
            throw new InvalidRequestException("request", "missing");
        }
        if (request.project() == null || request.project().isBlank()) {
            throw new InvalidRequestException("project", "missing");
        }
        if (request instanceof PreviewRequest p) {
            alpha("alpha", p.alpha());
            layerAlphas(p.layerAlphas());
            datasets(p.datasets());
            if (p.plane() != null) {
                required("plane.run2", p.plane().run2());
                alpha("plane.v", p.plane().v());
            }
        } else if (request instanceof LayerSearchRequest l) {
            if (l.settings() != null) {
                alphas("settings.candidates", l.settings().candidates(), true);
                if (l.settings().baseline() != null) {
                    alpha("settings.baseline", l.settings().baseline());
                }
            }
            if (l.newSplit() != null && !(l.newSplit().fraction() > 0 && l.newSplit().fraction() < 1)) {
                throw new InvalidRequestException("newSplit.fraction", "must be in (0, 1), got "
                        + l.newSplit().fraction());
            }
            batchSize("batchSize", l.batchSize());
        } else if (request instanceof PlaneRequest p) {
            required("run2", p.run2());
            if (p.run2().equals(p.run())) {
                throw new InvalidRequestException("run2", "must differ from run (" + p.run() + ")");
            }
            alphas("us", p.us(), true);
            alphas("vs", p.vs(), true);
            datasets(p.datasets());
            batchSize("batchSize", p.batchSize());
        } else if (request instanceof SweepRequest s) {
            alphas(s.alphas(), false);
            layerAlphas(s.layerAlphas());
            datasets(s.datasets());
            batchSize("batchSize", s.batchSize());
        } else if (request instanceof SharpnessRequest s) {
            alphas(s.alphas(), true);
            sharpness(s.settings());
        } else if (request instanceof StragglerRequest s) {
            alphas(s.alphas(), false);
            alpha("baseAlpha", s.baseAlpha());
            required("metric", s.metric());
            required("primary", s.primary());
            required("selection", s.selection());
            if (s.selection().epsilon() != null && !Double.isFinite(s.selection().epsilon())) {
                throw new InvalidRequestException("selection.epsilon", "must be a finite number, got "
                        + s.selection().epsilon());
            }
            if (s.sharpness() != null) {
                for (Map.Entry<String, Double> e : s.sharpness().entrySet()) {
                    if (e.getValue() == null || !Double.isFinite(e.getValue())) {
                        throw new InvalidRequestException("sharpness." + e.getKey(), "must be a finite number, got "
                                + e.getValue());
                    }
                }
            }
            batchSize("batchSize", s.batchSize());
        } else if (request instanceof SparsityRequest s) {
            alphas(s.alphas(), false);
            if (s.spec() != null) {
                SparsitySpec spec = s.spec();
                required("spec.method", spec.method());
                required("spec.placement", spec.placement());
                if (!(spec.ratio() >= 0 && spec.ratio() < 1)) {
                    throw new InvalidRequestException("spec.ratio", "must be in [0, 1), got " + spec.ratio());
                }
                if (spec.rescale() && spec.placement() != SparsitySpec.Placement.TASK_VECTOR) {
                    throw new InvalidRequestException("spec.rescale", "applies to the task-vector placement only");
                }
                if (spec.groups().isEmpty()) {
                    throw new InvalidRequestException("spec.groups", "name at least one layer group");
                }
            }
            if (!(s.tolerance() >= 0 && s.tolerance() <= 1)) {
                throw new InvalidRequestException("tolerance", "must be in [0, 1], got " + s.tolerance());
            }
            batchSize("batchSize", s.batchSize());
        }
    }

    /**
     * As {@link #validate(JobRequest)}, and the dataset names against the project, and the project's own batch size
     * and per-layer alphas when the request uses them.
     */
    public static void validate(JobRequest request, ProjectSpec project) throws InvalidRequestException {
        validate(request);
        if (project == null) {
            return;
        }
        if (request.run() != null && project.run(request.run()).isEmpty()) {
            throw new InvalidRequestException("run", "no run labelled '" + request.run() + "' (runs: "
                    + String.join(", ", project.runLabels()) + ")");
        }
        List<String> known = project.datasets() == null ? List.of()
                : project.datasets().stream().map(ProjectSpec.DatasetEntry::name).toList();
        if (request instanceof PlaneRequest p) {
            if (project.run(p.run2()).isEmpty()) {
                throw new InvalidRequestException("run2", "no run labelled '" + p.run2() + "' (runs: "
                        + String.join(", ", project.runLabels()) + ")");
            }
            String b1 = p.run() != null ? p.run() : project.endpointB() == null ? null : project.endpointB().label();
            if (p.run2().equals(b1)) {
                throw new InvalidRequestException("run2", "is B1 (" + b1 + "); a plane needs two different runs");
            }
            known("datasets", p.datasets(), known);
        } else if (request instanceof PreviewRequest p && p.plane() != null && project.run(p.plane().run2()).isEmpty()) {
            throw new InvalidRequestException("plane.run2", "no run labelled '" + p.plane().run2() + "' (runs: "
                    + String.join(", ", project.runLabels()) + ")");
        }
        if (request instanceof PreviewRequest p) {
            known("datasets", p.datasets(), known);
        } else if (request instanceof SweepRequest s) {
            known("datasets", s.datasets(), known);
        } else if (request instanceof SharpnessRequest s && s.settings().dataset() != null) {
            known("settings.dataset", List.of(s.settings().dataset()), known);
        } else if (request instanceof StragglerRequest s && s.dataset() != null) {
            known("dataset", List.of(s.dataset()), known);
        }
        boolean usesProjectBatch = request instanceof SweepRequest s ? s.batchSize() == null
                : request instanceof StragglerRequest s ? s.batchSize() == null
                : request instanceof SparsityRequest s ? s.batchSize() == null
                : request instanceof PlaneRequest s ? s.batchSize() == null
                : request instanceof LayerSearchRequest s ? s.batchSize() == null : request instanceof PreviewRequest;
        if (usesProjectBatch) {
            batchSize("project batchSize", project.batchSize());
        }
        if (project.layerAlphas() != null) {
            rules("project layerAlphas", project.layerAlphas());
        }
    }

    private static void alphas(List<Double> alphas, boolean atLeastOne) throws InvalidRequestException {
        alphas("alphas", alphas, atLeastOne);
    }

    private static void alphas(String field, List<Double> alphas, boolean atLeastOne) throws InvalidRequestException {
        if (alphas == null) {
            throw new InvalidRequestException(field, "missing");
        }
        if (atLeastOne && alphas.isEmpty()) {
            throw new InvalidRequestException(field, "give at least one value");
        }
        if (alphas.size() > MAX_ALPHAS) {
            throw new InvalidRequestException(field, alphas.size() + " values, at most " + MAX_ALPHAS);
        }
        for (int i = 0; i < alphas.size(); i++) {
            alpha(field + "[" + i + "]", alphas.get(i));
        }
    }

    private static void alpha(String field, Double alpha) throws InvalidRequestException {
        if (alpha == null || !Double.isFinite(alpha) || Math.abs(alpha) > MAX_ABS_ALPHA) {
            throw new InvalidRequestException(field, "must be a finite number with |alpha| <= "
                    + number(MAX_ABS_ALPHA) + ", got " + alpha);
        }
    }

    private static void layerAlphas(List<AlphaOverrides.Rule> rules) throws InvalidRequestException {
        if (rules != null) {
            rules("layerAlphas", rules);
        }
    }

    private static void rules(String field, List<AlphaOverrides.Rule> rules) throws InvalidRequestException {
        if (rules.size() > MAX_LAYER_ALPHAS) {
            throw new InvalidRequestException(field, rules.size() + " overrides, at most " + MAX_LAYER_ALPHAS);
        }
        for (int i = 0; i < rules.size(); i++) {
            AlphaOverrides.Rule r = rules.get(i);
            String at = field + "[" + i + "]";
            if (r == null || r.regex() == null) {
                throw new InvalidRequestException(at + ".regex", "missing");
            }
            try {
                Pattern.compile(r.regex());
            } catch (PatternSyntaxException e) {
                throw new InvalidRequestException(at + ".regex", "'" + r.regex() + "' is not a valid regex: "
                        + e.getDescription());
            }
            alpha(at + ".alpha", r.alpha());
        }
    }

    private static void datasets(List<String> names) throws InvalidRequestException {
        if (names == null) {
            return;
        }
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i) == null || names.get(i).isBlank()) {
                throw new InvalidRequestException("datasets[" + i + "]", "empty dataset name");
            }
        }
    }

    private static void known(String field, List<String> names, List<String> known) throws InvalidRequestException {
        if (names == null) {
            return;
        }
        for (String n : names) {
            if (!known.contains(n)) {
                throw new InvalidRequestException(field, "no dataset named '" + n + "' in the project (known: "
                        + String.join(", ", known) + ")");
            }
        }
    }

    private static void batchSize(String field, Integer batch) throws InvalidRequestException {
        if (batch != null && (batch < 1 || batch > MAX_BATCH_SIZE)) {
            throw new InvalidRequestException(field, "must be between 1 and " + MAX_BATCH_SIZE + ", got " + batch);
        }
    }

    private static void sharpness(SharpnessSettings s) throws InvalidRequestException {
        required("settings", s);
        if (!(Double.isFinite(s.rho()) && s.rho() > 0)) {
            throw new InvalidRequestException("settings.rho", "must be a finite number > 0, got " + s.rho());
        }
        if (!(Double.isFinite(s.eta()) && s.eta() >= 0)) {
            throw new InvalidRequestException("settings.eta", "must be a finite number >= 0, got " + s.eta());
        }
        range("settings.steps", s.steps(), MAX_SHARPNESS_STEPS);
        range("settings.batchSize", s.batchSize(), MAX_BATCH_SIZE);
        range("settings.examples", s.examples(), MAX_SHARPNESS_EXAMPLES);
        range("settings.samples", s.samples(), MAX_SHARPNESS_SAMPLES);
    }

    private static void range(String field, int value, int max) throws InvalidRequestException {
        if (value < 1 || value > max) {
            throw new InvalidRequestException(field, "must be between 1 and " + max + ", got " + value);
        }
    }

    private static void required(String field, Object value) throws InvalidRequestException {
        if (value == null) {
            throw new InvalidRequestException(field, "missing");
        }
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%d", (long) v) : Double.toString(v);
    }
}
