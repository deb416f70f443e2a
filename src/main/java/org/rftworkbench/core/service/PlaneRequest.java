package org.rftworkbench.core.service;

import java.util.List;
import org.rftworkbench.core.eval.PlaneResult;

/**
 * Exact evaluation of a grid over the plane through three endpoints, theta(u, v) = A + u (B1 - A) + v (B2 - A), A
 * being the project's zero-shot endpoint. One cell per (u, v) and dataset, cached as soon as it is done (an
 * interrupted plane resumes with the missing cells; cells on v = 0 are the interpolation line's own cells); cells are
 * computed coarse to fine ({@link org.rftworkbench.core.eval.PlaneOrder}) and each finished grid point is published as
 * a {@link JobEvent.PlaneCell}, so a view fills in live. Per-layer alphas do not apply. Result: {@link PlaneResult}.
 *
 * @param project        project file
 * @param run            label of the run that is B1, the u direction (null = the project's selected run)
 * @param run2           label of the run that is B2, the v direction (required; not B1)
 * @param us             u values (any order; the result lists them ascending)
 * @param vs             v values (any order; the result lists them ascending)
 * @param datasets       dataset names (null = every id and ood dataset)
 * @param batchSize      images per forward pass (null = the project's)
 * @param allowNonFinite evaluate checkpoints that hold NaN/Inf (with a warning) instead of refusing them
 */
public record PlaneRequest(String project, String run, String run2, List<Double> us, List<Double> vs,
        List<String> datasets, Integer batchSize, boolean allowNonFinite) implements AnalysisRequest<PlaneResult> {

    @Override
    public String describe() {
        return "plane " + (us == null ? 0 : us.size()) + "x" + (vs == null ? 0 : vs.size()) + " towards " + run2;
    }

    @Override
    public Class<PlaneResult> resultType() {
        return PlaneResult.class;
    }
}
