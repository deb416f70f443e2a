package org.rftworkbench.core.service;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;
import org.rftworkbench.core.layers.ErrorMetric;
import org.rftworkbench.core.layers.StragglerAnalysis;
import org.rftworkbench.core.layers.StragglerCriterion;
import org.rftworkbench.core.layers.Stragglers;

/**
 * The layer-wise interpolation instability heatmap (one block-level group moved along the path at a time, the rest
 * held at {@code baseAlpha}), the relative weight change per group, and the stragglers by the primary criterion
 * with the agreement table (method-notes section 4). The whole result is cached.
 *
 * @param alphas    the grid; 0 and 1 are added when missing, and it is sorted
 * @param baseAlpha alpha of the groups that are not moved (1 = B, 0 = A)
 * @param metric    the error the instability is measured in
 * @param dataset   dataset of the heatmap (null = the project's first ID dataset)
 * @param primary   criterion that defines the stragglers
 * @param selection threshold or top-k
 * @param sharpness per-group sharpness for the sharpness-ratio criterion (null = none)
 * @param batchSize images per forward pass (null = the project's)
 * @param allowNonFinite evaluate checkpoints that hold NaN/Inf (with a warning) instead of refusing them; default false
 * @param run        label of the project's run that is endpoint B (null = the project's selected run)
 */
public record StragglerRequest(String project, List<Double> alphas, double baseAlpha, ErrorMetric metric,
        String dataset, StragglerCriterion primary, Stragglers.Selection selection, Map<String, Double> sharpness,
        Integer batchSize, boolean allowNonFinite, String run) implements AnalysisRequest<StragglerAnalysis.Result> {
    public StragglerRequest {
        alphas = alphas == null ? null : List.copyOf(alphas);
    }

    /** A request on the project's selected pair. */
    public StragglerRequest(String project, List<Double> alphas, double baseAlpha, ErrorMetric metric,
            String dataset, StragglerCriterion primary, Stragglers.Selection selection, Map<String, Double> sharpness,
            Integer batchSize, boolean allowNonFinite) {
        this(project, alphas, baseAlpha, metric, dataset, primary, selection, sharpness, batchSize, allowNonFinite,
                null);
    }

    /** A request that refuses checkpoints with NaN/Inf. */
    public StragglerRequest(String project, List<Double> alphas, double baseAlpha, ErrorMetric metric,
            String dataset, StragglerCriterion primary, Stragglers.Selection selection, Map<String, Double> sharpness,
            Integer batchSize) {
        this(project, alphas, baseAlpha, metric, dataset, primary, selection, sharpness, batchSize, false);
    }

    @Override
    public String describe() {
        return "stragglers " + alphas.size() + " alphas";
    }

    @Override
    @JsonIgnore
    public Class<StragglerAnalysis.Result> resultType() {
        return StragglerAnalysis.Result.class;
    }
}
