package org.rftworkbench.core.service;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import org.rftworkbench.core.sharpness.SharpnessGroups;
import org.rftworkbench.core.sharpness.SharpnessResult;
import org.rftworkbench.core.sharpness.SharpnessSettings;

/**
 * The overall and layer-wise sharpness of theta(alpha) for each alpha (the layers x alpha heatmap). Every finished
 * cell is stored in the result cache and published as a {@link JobEvent.SharpnessCell}; a cancelled job keeps its
 * finished cells, and a repeated request serves them from the cache.
 *
 * @param project     project file
 * @param alphas      alphas, computed in this order
 * @param settings    the sharpness definition (its dataset null = the project's "sharpness" dataset)
 * @param granularity layer groups (null = the overall value only)
 * @param allowNonFinite evaluate checkpoints that hold NaN/Inf (with a warning) instead of refusing them; default false
 */
public record SharpnessRequest(String project, List<Double> alphas, SharpnessSettings settings,
        SharpnessGroups.Granularity granularity, boolean allowNonFinite) implements AnalysisRequest<SharpnessResult> {
    public SharpnessRequest {
        alphas = alphas == null ? null : List.copyOf(alphas);
    }

    /** A request that refuses checkpoints with NaN/Inf. */
    public SharpnessRequest(String project, List<Double> alphas, SharpnessSettings settings,
            SharpnessGroups.Granularity granularity) {
        this(project, alphas, settings, granularity, false);
    }

    @Override
    public String describe() {
        return "sharpness " + alphas.size() + " alphas" + (granularity == null ? ""
                : " x " + granularity.name().toLowerCase(java.util.Locale.ROOT) + " groups");
    }

    @Override
    @JsonIgnore
    public Class<SharpnessResult> resultType() {
        return SharpnessResult.class;
    }
}
