package org.rftworkbench.core.sparsity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rftworkbench.core.eval.DatasetMetrics;
import org.rftworkbench.core.eval.Evaluator;
import org.rftworkbench.core.eval.FailureMetrics;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.interpolate.Interpolator;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.session.InterpolationWorkspace.DatasetHandle;
import org.rftworkbench.core.util.Progress;

/**
 * Evaluates a whole interpolation path (any interpolator, with an optional post-interpolation hook) on ID and OOD
 * datasets and derives the failure-mode metrics: on the average OOD accuracy, and the barrier of the first ID
 * dataset's loss and error. Runs on the compute thread that owns the interpolator's working model.
 */
public final class PathEvaluation {
    private PathEvaluation() {
    }

    /**
     * @param points       one per alpha: per-dataset metrics and the average OOD top-1
     * @param failure      failure metrics of the average OOD accuracy (null without OOD datasets)
     * @param idDataset    the ID dataset the barriers are measured on (null without one)
     * @param idLossBarrier barrier of the ID loss (null without an ID dataset)
     * @param idErrorBarrier barrier of the ID top-1 error (null without an ID dataset)
     */
    public record PathResult(List<SweepResult.Point> points, FailureMetrics failure, String idDataset,
            FailureMetrics.Barrier idLossBarrier, FailureMetrics.Barrier idErrorBarrier) {
    }

    /**
     * @param alphas    ascending, including 0 and 1 and an interior alpha
     * @param tolerance failure tolerance on accuracy (fraction)
     */
    public static PathResult run(Interpolator interpolator, Sparsifier.PathHook hook, Evaluator evaluator,
            List<DatasetHandle> datasets, List<Double> alphas, double tolerance, String task, Progress progress) {
        // batch-level updates would fight with this loop's own progress bar: pass cancellation only
        Progress cancelOnly = new Progress() {
            @Override
            public void update(String task, long done, long total) {
            }

            @Override
            public boolean isCancelled() {
                return progress.isCancelled();
            }
        };
        List<SweepResult.Point> points = new ArrayList<>();
        int step = 0;
        for (double alpha : alphas) {
            progress.checkCancelled();
            interpolator.apply(alpha);
            hook.afterInterpolation(alpha);
            Map<String, SweepResult.Metrics> metrics = new LinkedHashMap<>();
            double oodSum = 0;
            int oodCount = 0;
            for (DatasetHandle h : datasets) {
                DatasetMetrics m = evaluator.evaluate(h.data(), h.mapping(), cancelOnly);
                metrics.put(h.entry().name(), SweepResult.Metrics.of(h.entry().role().name().toLowerCase(Locale.ROOT),
                        m));
                if (h.entry().role() == ProjectSpec.Role.OOD) {
                    oodSum += m.top1();
                    oodCount++;
                }
            }
            points.add(new SweepResult.Point(alpha, metrics, oodCount == 0 ? null : oodSum / oodCount));
            progress.update(task, ++step, alphas.size());
        }
        return summarise(points, datasets, tolerance);
    }

    static PathResult summarise(List<SweepResult.Point> points, List<DatasetHandle> datasets, double tolerance) {
        double[] alphas = points.stream().mapToDouble(SweepResult.Point::alpha).toArray();
        FailureMetrics failure = null;
        if (!points.isEmpty() && points.get(0).avgOodTop1() != null) {
            failure = FailureMetrics.ofAccuracy(alphas,
                    points.stream().mapToDouble(SweepResult.Point::avgOodTop1).toArray(), tolerance);
        }
        String id = datasets.stream().filter(h -> h.entry().role() == ProjectSpec.Role.ID).map(h -> h.entry().name())
                .findFirst().orElse(null);
        if (id == null) {
            return new PathResult(points, failure, null, null, null);
        }
        double[] loss = points.stream().mapToDouble(p -> p.datasets().get(id).loss()).toArray();
        double[] error = points.stream().mapToDouble(p -> 1 - p.datasets().get(id).top1()).toArray();
        return new PathResult(points, failure, id, FailureMetrics.barrier(alphas, loss),
                FailureMetrics.barrier(alphas, error));
    }
}
