package org.rftworkbench.core.sparsity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.Evaluator;
import org.rftworkbench.core.interpolate.EndpointWeights;
import org.rftworkbench.core.interpolate.Interpolator;
import org.rftworkbench.core.session.InterpolationWorkspace;
import org.rftworkbench.core.session.InterpolationWorkspace.DatasetHandle;
import org.rftworkbench.core.util.Progress;

/**
 * Re-evaluates an interpolation path under a sparsity intervention (method-notes 5) and picks the control groups.
 * Runs on the workspace's compute thread; the workspace's own endpoints are never modified.
 */
public final class SparsityExperiment {
    private SparsityExperiment() {
    }

    /**
     * The path with {@code spec} applied (null = the unmodified path).
     *
     * @param groups every group -> its tensor names
     */
    public static PathEvaluation.PathResult evaluate(InterpolationWorkspace ws, Evaluator evaluator,
            List<DatasetHandle> datasets, Map<String, List<String>> groups, SparsitySpec spec, List<Double> alphas,
            double tolerance, Progress progress) throws RftException {
        String task = spec == null ? "path baseline" : "path " + spec.placement().label() + " s=" + spec.ratio();
        if (spec == null) {
            return PathEvaluation.run(ws.interpolator(), Sparsifier.PathHook.NONE, evaluator, datasets, alphas,
                    tolerance, task, progress);
        }
        if (spec.placement() == SparsitySpec.Placement.INTERPOLATED) {
            try (Sparsifier.PathHook hook = Sparsifier.interpolatedHook(ws.workingModel(), groups, spec)) {
                return PathEvaluation.run(ws.interpolator(), hook, evaluator, datasets, alphas, tolerance, task,
                        progress);
            }
        }
        try (EndpointWeights sparseB = Sparsifier.transformEndpoint(ws.endpointA(), ws.endpointB(), groups, spec)) {
            Interpolator interpolator = new Interpolator(ws.workingModel(), ws.endpointA(), sparseB);
            return PathEvaluation.run(interpolator, Sparsifier.PathHook.NONE, evaluator, datasets, alphas, tolerance,
                    task, progress);
        }
    }

    /**
     * The control for a straggler intervention: as many groups as there are eligible stragglers, drawn (seeded)
     * from the eligible non-straggler groups, returned in network order. Fewer when not enough exist.
     *
     * @param eligible groups that hold at least one tensor the filter accepts, in network order
     */
    public static List<String> controlGroups(List<String> eligible, List<String> stragglers, long seed) {
        long count = eligible.stream().filter(stragglers::contains).count();
        List<String> pool = new ArrayList<>(eligible.stream().filter(g -> !stragglers.contains(g)).toList());
        Collections.shuffle(pool, new Random(seed));
        List<String> chosen = pool.subList(0, (int) Math.min(count, pool.size()));
        return eligible.stream().filter(chosen::contains).toList();
    }

    /** Groups holding at least one tensor the filter accepts. */
    public static List<String> eligibleGroups(Map<String, List<String>> groups, TensorFilter filter,
            Map<String, ai.djl.ndarray.NDArray> shapes) {
        return groups.entrySet().stream().filter(e -> e.getValue().stream()
                .anyMatch(n -> filter.accepts(n, shapes.get(n).getShape().dimension()))).map(Map.Entry::getKey)
                .toList();
    }
}
