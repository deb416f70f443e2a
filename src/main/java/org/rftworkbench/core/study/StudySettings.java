package org.rftworkbench.core.study;

import java.util.List;
import org.rftworkbench.core.layers.ErrorMetric;
import org.rftworkbench.core.layers.Stragglers;
import org.rftworkbench.core.sharpness.SharpnessSettings;

/**
 * What a study measures for every pair (A, run) of a pool project and how the cross-pair analysis is made. Every
 * per-pair number comes from the same requests the single-pair commands and views send, so a study shares cached
 * cells with them. Immutable and thread-safe.
 *
 * @param runs             labels of the runs to study, in this order (null = every run of the project)
 * @param sweepAlphas      grid of the accuracy sweep (must hold 0, 1 and the outcome alpha)
 * @param stragglerAlphas  grid of the layer-wise instability heatmap (0 and 1 are added)
 * @param baseAlpha        alpha of the groups that do not move in the heatmap (1 = B)
 * @param metric           error the instability is measured in
 * @param selection        how stragglers are chosen from the instability (top-k or threshold)
 * @param sharpnessAlphas  alphas of the sharpness heatmap (must hold the predictor alpha)
 * @param sharpness        the sharpness definition; its dataset null = the project's "sharpness" dataset
 * @param predictorAlpha   alpha at which the "at alpha" sharpness predictors are read
 * @param outcomeAlpha     alpha of the "average OOD accuracy at alpha" outcome
 * @param resamples        bootstrap resamples (over pairs) per correlation
 * @param seed             bootstrap seed
 * @param level            confidence level of the intervals, e.g. 0.95
 * @param tolerance        verdict tolerance in accuracy (fraction): 0.001 = 0.1 percentage points
 * @param batchSize        images per forward pass (null = the project's)
 */
public record StudySettings(List<String> runs, List<Double> sweepAlphas, List<Double> stragglerAlphas,
        double baseAlpha, ErrorMetric metric, Stragglers.Selection selection, List<Double> sharpnessAlphas,
        SharpnessSettings sharpness, double predictorAlpha, double outcomeAlpha, int resamples, long seed,
        double level, double tolerance, Integer batchSize) {

    /** Sharpness alphas of a study when none are given: the ends and the middle of the path. */
    public static final List<Double> DEFAULT_SHARPNESS_ALPHAS = List.of(0.0, 0.5, 1.0);

    /** Top-k of the straggler selection when none is given (as the {@code stragglers} command). */
    public static final int DEFAULT_TOP_K = 2;

    public StudySettings {
        runs = runs == null ? null : List.copyOf(runs);
        sweepAlphas = List.copyOf(sweepAlphas);
        stragglerAlphas = List.copyOf(stragglerAlphas);
        sharpnessAlphas = List.copyOf(sharpnessAlphas);
        if (!sweepAlphas.contains(0.0) || !sweepAlphas.contains(1.0)) {
            throw new IllegalArgumentException("the sweep grid of a study must hold alpha 0 and 1");
        }
        if (!sweepAlphas.contains(outcomeAlpha)) {
            throw new IllegalArgumentException("the outcome alpha " + outcomeAlpha + " is not on the sweep grid "
                    + sweepAlphas);
        }
        if (!sharpnessAlphas.contains(predictorAlpha)) {
            throw new IllegalArgumentException("the predictor alpha " + predictorAlpha
                    + " is not on the sharpness grid " + sharpnessAlphas);
        }
        if (resamples < 1 || !(level > 0 && level < 1)) {
            throw new IllegalArgumentException("need resamples >= 1 and 0 < level < 1");
        }
    }

    /**
     * The sharpness of the Layers view's Quick preset (one batch: n = m = 128, T = 10 ascent steps, K = 10 noise
     * draws; worst case, adaptive l_inf, rho 1e-3): a study's default, so its cells are the ones the window computes.
     */
    public static SharpnessSettings quickSharpness() {
        SharpnessSettings base = SharpnessSettings.defaults().withData(SharpnessSettings.DEFAULT_BATCH_SIZE, 128, null)
                .withSteps(10);
        return base.withNoise(base.noise(), 10, base.seed());
    }

    /** Every run; the given sweep grid for sweep and heatmap; 0, 0.5, 1 with the Quick sharpness; top-2 at B. */
    public static StudySettings defaults(List<Double> grid) {
        return new StudySettings(null, grid, grid, 1.0, ErrorMetric.LOSS, new Stragglers.Selection(null,
                DEFAULT_TOP_K), DEFAULT_SHARPNESS_ALPHAS, quickSharpness(), 0.5, 0.5, 2000, 0, 0.95, 0.001, null);
    }

    /** These settings for the given runs only. */
    public StudySettings withRuns(List<String> labels) {
        return new StudySettings(labels, sweepAlphas, stragglerAlphas, baseAlpha, metric, selection, sharpnessAlphas,
                sharpness, predictorAlpha, outcomeAlpha, resamples, seed, level, tolerance, batchSize);
    }
}
