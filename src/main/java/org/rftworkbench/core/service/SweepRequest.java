package org.rftworkbench.core.service;

import java.util.List;
import org.rftworkbench.core.interpolate.AlphaOverrides;

/**
 * Exact evaluation of every alpha on every chosen dataset; each (alpha, dataset) cell is cached as soon as it is
 * done, so an interrupted sweep resumes where it stopped. Result: {@link org.rftworkbench.core.eval.SweepResult}.
 *
 * @param alphas     the grid, evaluated in the given order (callers order coarse-first for background precompute)
 * @param datasets   dataset names (null = every id and ood dataset)
 * @param batchSize  images per forward pass (null = the project's)
 * @param allowNonFinite evaluate checkpoints that hold NaN/Inf (with a warning) instead of refusing them; default false
 * @param run        label of the project's run that is endpoint B (null = the project's selected run)
 */
public record SweepRequest(String project, List<Double> alphas, List<AlphaOverrides.Rule> layerAlphas,
        List<String> datasets, Integer batchSize, boolean allowNonFinite, String run) implements JobRequest {
    /** A sweep of the project's selected pair. */
    public SweepRequest(String project, List<Double> alphas, List<AlphaOverrides.Rule> layerAlphas,
            List<String> datasets, Integer batchSize, boolean allowNonFinite) {
        this(project, alphas, layerAlphas, datasets, batchSize, allowNonFinite, null);
    }

    /** A sweep that refuses checkpoints with NaN/Inf. */
    public SweepRequest(String project, List<Double> alphas, List<AlphaOverrides.Rule> layerAlphas,
            List<String> datasets, Integer batchSize) {
        this(project, alphas, layerAlphas, datasets, batchSize, false, null);
    }

    @Override
    public String describe() {
        return "sweep " + alphas.size() + " alphas";
    }
}
