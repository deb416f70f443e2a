package org.rftworkbench.core.study;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.FailureMetrics;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.layers.StragglerAnalysis;
import org.rftworkbench.core.sharpness.SharpnessGroups;
import org.rftworkbench.core.sharpness.SharpnessResult;

/**
 * The per-pair measures of a study, from the results of a pair's three requests: the outcomes (how well
 * interpolation works for the pair) and the predictors (what the paper proposes to tell it in advance). Pure
 * functions; thread-safe.
 *
 * <p>Outcomes: {@link #G_ZS} = best interior average OOD top-1 - A's; {@link #BEST_ALPHA_GAIN} = best interior
 * average OOD top-1 - the run's own (what the best mixing coefficient adds to the fine-tuned model); "avg OOD @ a" =
 * average OOD top-1 at the outcome alpha. Predictors: loss sharpness of the whole model ("overall") and the mean
 * over the pair's straggler groups ("straggler"), read at the predictor alpha and averaged over the sharpness grid
 * ("path mean"); the mean layer-wise instability I_l of the stragglers; the mean relative weight change
 * ||B_l - A_l|| / ||A_l|| of the stragglers and of all block groups.
 */
public final class StudyMeasures {
    /** Outcome: G_zs. */
    public static final String G_ZS = "G_zs";
    /** Outcome: best interior OOD minus the run's OOD. */
    public static final String BEST_ALPHA_GAIN = "best-alpha OOD gain";
    /** Predictor: mean I_l of the straggler groups. */
    public static final String STRAGGLER_INSTABILITY = "straggler instability";
    /** Predictor: mean relative weight change of the straggler groups. */
    public static final String STRAGGLER_WEIGHT_CHANGE = "straggler weight change";
    /** Predictor: mean relative weight change of all block groups. */
    public static final String WEIGHT_CHANGE = "weight change (all groups)";

    private StudyMeasures() {
    }

    /** "avg OOD @ 0.5". */
    public static String oodAt(double alpha) {
        return "avg OOD @ " + number(alpha);
    }

    /** "overall sharpness @ 0.5", "straggler sharpness @ 0.5". */
    public static String sharpnessAt(String which, double alpha) {
        return which + " sharpness @ " + number(alpha);
    }

    /** "overall sharpness (path mean)". */
    public static String sharpnessPathMean(String which) {
        return which + " sharpness (path mean)";
    }

    /** The outcome names of a study, in table order. */
    public static List<String> outcomes(StudySettings s) {
        return List.of(G_ZS, BEST_ALPHA_GAIN, oodAt(s.outcomeAlpha()));
    }

    /** The predictor names of a study, in table order. */
    public static List<String> predictors(StudySettings s) {
        return List.of(sharpnessAt("overall", s.predictorAlpha()), sharpnessPathMean("overall"),
                sharpnessAt("straggler", s.predictorAlpha()), sharpnessPathMean("straggler"), STRAGGLER_INSTABILITY,
                STRAGGLER_WEIGHT_CHANGE, WEIGHT_CHANGE);
    }

    /** The row of one pair from its three results. */
    public static PairRow row(String run, Map<String, Object> metadata, StudySettings s, String idDataset,
            SweepResult sweep, StragglerAnalysis.Result stragglers, SharpnessResult sharpness) throws RftException {
        List<SweepResult.Point> points = new ArrayList<>(sweep.points());
        points.sort(Comparator.comparingDouble(SweepResult.Point::alpha));
        double[] alphas = new double[points.size()];
        double[] ood = new double[points.size()];
        double[] idLoss = new double[points.size()];
        List<PairRow.PathPoint> path = new ArrayList<>();
        for (int i = 0; i < alphas.length; i++) {
            SweepResult.Point p = points.get(i);
            SweepResult.Metrics id = p.datasets().get(idDataset);
            if (id == null || p.avgOodTop1() == null) {
                throw new RftException("run '" + run + "': the sweep at alpha " + p.alpha() + " has no "
                        + (id == null ? "ID dataset '" + idDataset + "'" : "OOD dataset"));
            }
            alphas[i] = p.alpha();
            ood[i] = p.avgOodTop1();
            idLoss[i] = id.loss();
            path.add(new PairRow.PathPoint(p.alpha(), id.top1(), p.avgOodTop1(), id.loss()));
        }
        FailureMetrics f = FailureMetrics.ofAccuracy(alphas, ood, s.tolerance());
        int zero = java.util.Arrays.binarySearch(alphas, 0.0);
        int one = java.util.Arrays.binarySearch(alphas, 1.0);
        double bestOod = path.stream().filter(p -> p.alpha() == f.bestInteriorAlpha()).findFirst().orElseThrow()
                .ood();
        Map<String, Double> outcomes = new LinkedHashMap<>();
        outcomes.put(G_ZS, f.gainOverZeroShot());
        outcomes.put(BEST_ALPHA_GAIN, bestOod - ood[one]);
        outcomes.put(oodAt(s.outcomeAlpha()), ood[java.util.Arrays.binarySearch(alphas, s.outcomeAlpha())]);
        String verdict = f.failure() ? "fails" : !f.noBonus() ? "succeeds" : "no bonus";

        List<String> stragglerGroups = stragglers.report().stragglers();
        Map<String, Double> predictors = new LinkedHashMap<>();
        Map<String, Map<Double, Double>> sharp = sharpnessByGroup(sharpness);
        for (String g : stragglerGroups) {
            if (!sharp.containsKey(g)) {
                throw new RftException("run '" + run + "': straggler group '" + g + "' has no sharpness cells (groups: "
                        + String.join(", ", sharp.keySet()) + ")");
            }
        }
        predictors.put(sharpnessAt("overall", s.predictorAlpha()),
                at(sharp, List.of(SharpnessGroups.OVERALL), s.predictorAlpha(), run));
        predictors.put(sharpnessPathMean("overall"), pathMean(sharp, List.of(SharpnessGroups.OVERALL), s, run));
        predictors.put(sharpnessAt("straggler", s.predictorAlpha()),
                at(sharp, stragglerGroups, s.predictorAlpha(), run));
        predictors.put(sharpnessPathMean("straggler"), pathMean(sharp, stragglerGroups, s, run));
        Map<String, Double> instability = stragglers.heatmap().instabilityByGroup();
        predictors.put(STRAGGLER_INSTABILITY, mean(stragglerGroups.stream().map(instability::get).toList()));
        predictors.put(STRAGGLER_WEIGHT_CHANGE, mean(stragglerGroups.stream()
                .map(g -> stragglers.weightChange().get(g)).toList()));
        predictors.put(WEIGHT_CHANGE, mean(new ArrayList<>(stragglers.weightChange().values())));

        FailureMetrics.Barrier barrier = FailureMetrics.barrier(alphas, idLoss);
        String sha = sweep.provenance() == null || sweep.provenance().endpointB() == null ? null
                : sweep.provenance().endpointB().sha256();
        return new PairRow(run, metadata, sha, idDataset, path.get(zero).id(), path.get(one).id(), ood[zero],
                ood[one], f.bestInteriorAlpha(), bestOod, verdict, f.strongFailure(), outcomes,
                barrier.instability(), f.midpointMinusChord(), f.gainOverEndpoints(), stragglerGroups, predictors,
                path);
    }

    /** group -> (alpha -> loss sharpness). */
    private static Map<String, Map<Double, Double>> sharpnessByGroup(SharpnessResult r) {
        Map<String, Map<Double, Double>> out = new LinkedHashMap<>();
        for (SharpnessResult.Cell c : r.cells()) {
            out.computeIfAbsent(c.group(), g -> new java.util.TreeMap<>()).put(c.alpha(), c.value().loss());
        }
        return out;
    }

    /** Mean over the groups of their value at alpha. */
    private static double at(Map<String, Map<Double, Double>> sharp, List<String> groups, double alpha, String run)
            throws RftException {
        List<Double> values = new ArrayList<>();
        for (String g : groups) {
            Double v = sharp.getOrDefault(g, Map.of()).get(alpha);
            if (v == null) {
                throw new RftException("run '" + run + "': no sharpness of '" + g + "' at alpha " + alpha);
            }
            values.add(v);
        }
        return mean(values);
    }

    /** Mean over the sharpness grid of the mean over the groups. */
    private static double pathMean(Map<String, Map<Double, Double>> sharp, List<String> groups, StudySettings s,
            String run) throws RftException {
        List<Double> values = new ArrayList<>();
        for (double alpha : s.sharpnessAlphas()) {
            values.add(at(sharp, groups, alpha, run));
        }
        return mean(values);
    }

    private static double mean(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.size();
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e6 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%s", v);
    }
}
