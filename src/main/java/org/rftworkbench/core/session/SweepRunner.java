package org.rftworkbench.core.session;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rftworkbench.core.Version;
import org.rftworkbench.core.engine.Engines;
import org.rftworkbench.core.interpolate.AlphaOverrides;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.eval.DatasetMetrics;
import org.rftworkbench.core.eval.Evaluator;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.session.InterpolationWorkspace.DatasetHandle;
import org.rftworkbench.core.util.Progress;

/**
 * Evaluates every alpha on every chosen dataset of an open workspace. Runs on the workspace's compute thread.
 */
public final class SweepRunner {
    private SweepRunner() {
    }

    /**
     * @param datasets names to evaluate (null = every id and ood dataset; sharpness sets are not accuracy readouts)
     */
    public static SweepResult run(InterpolationWorkspace workspace, List<Double> alphas, AlphaOverrides overrides,
            List<String> datasets, int batchSize, Progress progress) {
        List<DatasetHandle> chosen = new ArrayList<>();
        for (DatasetHandle h : workspace.datasets().values()) {
            boolean wanted = datasets != null ? datasets.contains(h.entry().name())
                    : h.entry().role().readout();
            if (wanted) {
                chosen.add(h);
            }
        }
        List<SweepResult.Point> points = new ArrayList<>();
        long totalImages = (long) alphas.size() * chosen.stream().mapToLong(h -> h.data().size()).sum();
        long[] done = {0};
        try (Evaluator evaluator = new Evaluator(workspace.workingModel(), batchSize)) {
            for (double alpha : alphas) {
                progress.checkCancelled();
                workspace.interpolator().apply(alpha, overrides);
                Map<String, SweepResult.Metrics> metrics = new LinkedHashMap<>();
                double oodSum = 0;
                int oodCount = 0;
                for (DatasetHandle h : chosen) {
                    long base = done[0];
                    String task = String.format("alpha %s %s", alpha, h.entry().name());
                    DatasetMetrics m = evaluator.evaluate(h.data(), h.mapping(), new Progress() {
                        @Override
                        public void update(String t, long d, long total) {
                            progress.update(task, base + d, totalImages);
                        }

                        @Override
                        public boolean isCancelled() {
                            return progress.isCancelled();
                        }
                    });
                    done[0] += h.data().size();
                    metrics.put(h.entry().name(), SweepResult.Metrics.of(role(h), m));
                    if (h.entry().role() == ProjectSpec.Role.OOD) {
                        oodSum += m.top1();
                        oodCount++;
                    }
                }
                points.add(new SweepResult.Point(alpha, metrics, oodCount == 0 ? null : oodSum / oodCount));
            }
        }
        return new SweepResult("rft-workbench", Version.get(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                provenance(workspace, chosen, batchSize, overrides), points);
    }

    private static String role(DatasetHandle h) {
        return h.entry().role().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** What a sweep of these datasets on this workspace evaluated and how (shared with the compute service). */
    public static SweepResult.Provenance provenance(InterpolationWorkspace ws, List<DatasetHandle> chosen,
            int batchSize, AlphaOverrides overrides) {
        ProjectSpec p = ws.spec();
        Map<String, SweepResult.Dataset> datasets = new LinkedHashMap<>();
        for (DatasetHandle h : chosen) {
            datasets.put(h.entry().name(), new SweepResult.Dataset(role(h), h.data().size(), h.data().contentKey()));
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("alphaConvention", "theta(alpha) = (1 - alpha) * theta_A + alpha * theta_B");
        settings.put("batchSize", batchSize);
        settings.put("layerAlphas", overrides.rules());
        settings.put("preprocess", p.preprocess());
        return new SweepResult.Provenance(ws.project().file().toString(), ws.workingModel().describe(),
                new SweepResult.Checkpoint(p.endpointA().label(), ws.endpointA().source().toString(),
                        ws.endpointA().sha256()),
                new SweepResult.Checkpoint(p.endpointB().label(), ws.endpointB().source().toString(),
                        ws.endpointB().sha256()),
                datasets, settings, Engines.describe());
    }
}
