package org.rftworkbench.core.service;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import org.rftworkbench.core.sparsity.TensorFilter;

/**
 * The project's block-level layer groups and dataset sizes, read from the project opened on a device (no
 * evaluation, not cached): what a caller needs to check group names, draw control groups and state the cost of an
 * analysis before submitting it. The project stays open on the device for the analyses that follow.
 *
 * @param project  project file
 * @param datasets datasets to open and size (null = every id and ood dataset)
 * @param filter   tensors that make a group eligible for sparsity (null = every group is eligible)
 * @param allowNonFinite as for the analysis that follows: checkpoints with NaN/Inf are refused here already, so a
 *                 command fails before it states a cost
 * @param run      label of the project's run that is endpoint B (null = the project's selected run)
 */
public record ModelLayoutRequest(String project, List<String> datasets, TensorFilter filter, boolean allowNonFinite,
        String run) implements AnalysisRequest<ModelLayout> {
    public ModelLayoutRequest {
        datasets = datasets == null ? null : List.copyOf(datasets);
    }

    /** A layout request on the project's selected pair. */
    public ModelLayoutRequest(String project, List<String> datasets, TensorFilter filter, boolean allowNonFinite) {
        this(project, datasets, filter, allowNonFinite, null);
    }

    /** A layout request that refuses checkpoints with NaN/Inf. */
    public ModelLayoutRequest(String project, List<String> datasets, TensorFilter filter) {
        this(project, datasets, filter, false, null);
    }

    @Override
    public String describe() {
        return "layer groups";
    }

    @Override
    @JsonIgnore
    public Class<ModelLayout> resultType() {
        return ModelLayout.class;
    }
}
