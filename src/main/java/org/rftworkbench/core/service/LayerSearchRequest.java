package org.rftworkbench.core.service;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import org.rftworkbench.core.layers.LayerMixingSearch;
import org.rftworkbench.core.layers.LayerSearchResult;

/**
 * A per-layer mixing search ({@link LayerMixingSearch}) on the validation part of the project's recorded
 * {@link org.rftworkbench.core.project.ValidationSplit}, reported on the untouched test part next to uniform
 * WiSE-FT. A project without a recorded split is refused unless {@code newSplit} asks for one: it is then made on the
 * device and returned in the result for the caller to record in the project file. Scores are cached per (weights,
 * dataset, part). Result: {@link LayerSearchResult}.
 *
 * @param project        project file
 * @param run            label of the run that is endpoint B (null = the project's selected run)
 * @param settings       candidate alphas, ID tolerance, passes (null = the defaults)
 * @param first          groups to visit first, e.g. the stragglers (null = network order)
 * @param newSplit       the split to make when the project records none (null = refuse)
 * @param batchSize      images per forward pass (null = the project's)
 * @param allowNonFinite evaluate checkpoints that hold NaN/Inf (with a warning) instead of refusing them
 */
public record LayerSearchRequest(String project, String run, LayerMixingSearch.Settings settings, List<String> first,
        NewSplit newSplit, Integer batchSize, boolean allowNonFinite) implements AnalysisRequest<LayerSearchResult> {

    /** A split to make: {@code fraction} of each class is validation, shuffled with {@code seed}. */
    public record NewSplit(double fraction, long seed) {
    }

    /** The settings in force. */
    public LayerMixingSearch.Settings effectiveSettings() {
        return settings != null ? settings : LayerMixingSearch.Settings.defaults();
    }

    @Override
    public String describe() {
        return "layer search";
    }

    @Override
    @JsonIgnore
    public Class<LayerSearchResult> resultType() {
        return LayerSearchResult.class;
    }
}
