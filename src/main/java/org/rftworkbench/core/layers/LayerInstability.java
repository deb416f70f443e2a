package org.rftworkbench.core.layers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.DatasetMetrics;
import org.rftworkbench.core.eval.Evaluator;
import org.rftworkbench.core.eval.FailureMetrics;
import org.rftworkbench.core.interpolate.AlphaOverrides;
import org.rftworkbench.core.interpolate.Interpolator;
import org.rftworkbench.core.model.LayerGroups;
import org.rftworkbench.core.session.InterpolationWorkspace.DatasetHandle;
import org.rftworkbench.core.util.Progress;

/**
 * Layer-wise interpolation instability (method-notes 4.1): for each group l only l moves from A to B,
 * theta_l(alpha) = group l at alpha, every other tensor at a fixed base alpha (1 = B by default, 0 = A, or any
 * alpha), and E(alpha) (loss or error on one dataset) gives the barrier I_l = max_alpha E - (E(0) + E(1)) / 2.
 * The heatmap cell is E(alpha) minus the linear baseline (1 - alpha) E(0) + alpha E(1).
 *
 * <p>Cost: groups x alphas evaluations of the dataset, minus the cells where the group's alpha equals the base alpha
 * (that model is the same for every group, so it is evaluated once). Runs on the workspace's compute thread; not
 * thread-safe. The project's own per-layer alphas are not applied.
 */
public final class LayerInstability {
    private LayerInstability() {
    }

    /**
     * @param alphas    the moving group's alphas, ascending, including 0 and 1
     * @param baseAlpha alpha of every tensor outside the moving group (1 = B, 0 = A)
     * @param metric    loss or error
     */
    public record Settings(List<Double> alphas, double baseAlpha, ErrorMetric metric) {
        public Settings {
            alphas = List.copyOf(alphas);
        }
    }

    /**
     * One heatmap row.
     *
     * @param group        group name
     * @param tensors      number of tensors in the group
     * @param values       E(alpha) per alpha
     * @param excess       E(alpha) - [(1 - alpha) E(0) + alpha E(1)] per alpha (the heatmap cell)
     * @param instability  I_l = max E - (E(0) + E(1)) / 2
     * @param aboveLinear  max of {@code excess} (the linear-baseline variant)
     * @param alphaAtMax   alpha of the largest E
     */
    public record GroupRow(String group, int tensors, double[] values, double[] excess, double instability,
            double aboveLinear, double alphaAtMax) {
    }

    /**
     * @param settings  what was run
     * @param dataset   dataset name
     * @param images    images evaluated per cell
     * @param rows      one per group, in network order
     */
    public record Result(Settings settings, String dataset, int images, List<GroupRow> rows) {
        /** I_l by group, in network order. */
        public Map<String, Double> instabilityByGroup() {
            Map<String, Double> out = new LinkedHashMap<>();
            rows.forEach(r -> out.put(r.group(), r.instability()));
            return out;
        }
    }

    /** Block-level groups ({@link LayerGroups#byBlock}) of the interpolated tensors. */
    public static Map<String, List<String>> blockGroups(Interpolator interpolator) {
        return LayerGroups.byBlock(interpolator.names());
    }

    /** Overrides that give exactly the named tensors the alpha {@code alpha} (names quoted, so no regex meaning). */
    public static AlphaOverrides moving(List<String> tensors, double alpha) throws RftException {
        StringBuilder regex = new StringBuilder();
        for (String t : tensors) {
            regex.append(regex.length() == 0 ? "" : "|").append(Pattern.quote(t));
        }
        return AlphaOverrides.of(List.of(new AlphaOverrides.Rule(regex.toString(), alpha)));
    }

    /** Number of evaluations {@link #run} will make (for a cost estimate). */
    public static int evaluations(int groups, Settings settings) {
        long atBase = settings.alphas().stream().filter(a -> a == settings.baseAlpha()).count();
        return (int) (groups * (settings.alphas().size() - atBase) + atBase);
    }

    /**
     * Runs the sweep. Leaves the working model at the last evaluated point.
     *
     * @throws RftException when the alphas do not include 0 and 1
     */
    public static Result run(Interpolator interpolator, Evaluator evaluator, DatasetHandle dataset,
            Map<String, List<String>> groups, Settings settings, Progress progress) throws RftException {
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
        double[] alphas = settings.alphas().stream().mapToDouble(Double::doubleValue).toArray();
        if (!settings.alphas().contains(0.0) || !settings.alphas().contains(1.0)) {
            throw new RftException("layer-wise instability needs alphas 0 and 1 in the grid");
        }
        int total = evaluations(groups.size(), settings);
        int done = 0;
        Map<Double, Double> atBase = new HashMap<>();
        List<GroupRow> rows = new ArrayList<>();
        for (Map.Entry<String, List<String>> g : groups.entrySet()) {
            double[] values = new double[alphas.length];
            for (int i = 0; i < alphas.length; i++) {
                progress.checkCancelled();
                if (alphas[i] == settings.baseAlpha() && atBase.containsKey(alphas[i])) {
                    values[i] = atBase.get(alphas[i]);
                    continue;
                }
                interpolator.apply(settings.baseAlpha(), moving(g.getValue(), alphas[i]));
                DatasetMetrics m = evaluator.evaluate(dataset.data(), dataset.mapping(), cancelOnly);
                values[i] = settings.metric().of(m);
                if (alphas[i] == settings.baseAlpha()) {
                    atBase.put(alphas[i], values[i]);
                }
                progress.update("instability " + g.getKey() + " alpha " + alphas[i], ++done, total);
            }
            rows.add(row(g.getKey(), g.getValue().size(), alphas, values));
        }
        return new Result(settings, dataset.entry().name(), dataset.data().size(), rows);
    }

    static GroupRow row(String group, int tensors, double[] alphas, double[] values) {
        int zero = settingsIndex(alphas, 0);
        int one = settingsIndex(alphas, 1);
        double[] excess = new double[alphas.length];
        for (int i = 0; i < alphas.length; i++) {
            excess[i] = values[i] - ((1 - alphas[i]) * values[zero] + alphas[i] * values[one]);
        }
        FailureMetrics.Barrier b = FailureMetrics.barrier(alphas, values);
        return new GroupRow(group, tensors, values, excess, b.instability(), b.aboveLinear(), b.alphaAtMax());
    }

    private static int settingsIndex(double[] alphas, double alpha) {
        for (int i = 0; i < alphas.length; i++) {
            if (alphas[i] == alpha) {
                return i;
            }
        }
        throw new IllegalArgumentException("alpha " + alpha + " not in the grid");
    }
}
