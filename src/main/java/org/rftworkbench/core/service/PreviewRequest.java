package org.rftworkbench.core.service;

import java.util.List;
import org.rftworkbench.core.interpolate.AlphaOverrides;

/**
 * Progressive evaluation of one alpha: a stratified (class-balanced, fixed-seed) subset of each dataset first, then
 * growing to the full set, publishing an {@link JobEvent.Estimate} after each step. The result is the exact full-set
 * {@link PreviewResult}.
 *
 * @param project     project file
 * @param alpha       interpolation coefficient (theta = (1-alpha) A + alpha B)
 * @param layerAlphas per-layer overrides (empty = none)
 * @param datasets    dataset names (null = every id and ood dataset)
 * @param allowNonFinite evaluate checkpoints that hold NaN/Inf (with a warning) instead of refusing them; default false
 * @param run        label of the project's run that is endpoint B (null = the project's selected run)
 * @param plane      null on the interpolation line; otherwise the point (u = alpha, v) of the plane through B2
 *                   (per-layer alphas then do not apply)
 */
public record PreviewRequest(String project, double alpha, List<AlphaOverrides.Rule> layerAlphas,
        List<String> datasets, boolean allowNonFinite, String run, PlaneOffset plane) implements JobRequest {
    /** A preview on the interpolation line of a run. */
    public PreviewRequest(String project, double alpha, List<AlphaOverrides.Rule> layerAlphas,
            List<String> datasets, boolean allowNonFinite, String run) {
        this(project, alpha, layerAlphas, datasets, allowNonFinite, run, null);
    }

    /** A preview of the project's selected pair. */
    public PreviewRequest(String project, double alpha, List<AlphaOverrides.Rule> layerAlphas, List<String> datasets,
            boolean allowNonFinite) {
        this(project, alpha, layerAlphas, datasets, allowNonFinite, null, null);
    }

    /** A preview that refuses checkpoints with NaN/Inf. */
    public PreviewRequest(String project, double alpha, List<AlphaOverrides.Rule> layerAlphas, List<String> datasets) {
        this(project, alpha, layerAlphas, datasets, false, null, null);
    }

    @Override
    public String describe() {
        return plane == null ? "preview alpha=" + alpha : "preview u=" + alpha + " v=" + plane.v();
    }
}
