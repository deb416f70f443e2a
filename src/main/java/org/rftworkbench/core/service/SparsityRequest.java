package org.rftworkbench.core.service;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import org.rftworkbench.core.sparsity.PathEvaluation;
import org.rftworkbench.core.sparsity.SparsitySpec;

/**
 * The interpolation path with a sparsity intervention applied (method-notes section 5), evaluated on every accuracy
 * dataset with the failure-mode metrics; {@code spec} null evaluates the unchanged path (the "before"). The whole
 * result is cached.
 *
 * @param alphas    the grid; 0 and 1 are added when missing, and it is sorted
 * @param spec      the intervention (null = none)
 * @param tolerance failure tolerance on accuracy (fraction)
 * @param batchSize images per forward pass (null = the project's)
 * @param allowNonFinite evaluate checkpoints that hold NaN/Inf (with a warning) instead of refusing them; default false
 * @param run        label of the project's run that is endpoint B (null = the project's selected run)
 */
public record SparsityRequest(String project, List<Double> alphas, SparsitySpec spec, double tolerance,
        Integer batchSize, boolean allowNonFinite, String run) implements AnalysisRequest<PathEvaluation.PathResult> {
    public SparsityRequest {
        alphas = alphas == null ? null : List.copyOf(alphas);
    }

    /** A request on the project's selected pair. */
    public SparsityRequest(String project, List<Double> alphas, SparsitySpec spec, double tolerance,
            Integer batchSize, boolean allowNonFinite) {
        this(project, alphas, spec, tolerance, batchSize, allowNonFinite, null);
    }

    /** A request that refuses checkpoints with NaN/Inf. */
    public SparsityRequest(String project, List<Double> alphas, SparsitySpec spec, double tolerance,
            Integer batchSize) {
        this(project, alphas, spec, tolerance, batchSize, false);
    }

    @Override
    public String describe() {
        return spec == null ? "path " + alphas.size() + " alphas"
                : "sparsity " + spec.method().name().toLowerCase(java.util.Locale.ROOT) + " s=" + spec.ratio() + " "
                        + String.join("+", spec.groups());
    }

    @Override
    @JsonIgnore
    public Class<PathEvaluation.PathResult> resultType() {
        return PathEvaluation.PathResult.class;
    }
}
