package org.rftworkbench.core.layers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.interpolate.AlphaOverrides;

/**
 * Searches block-level alphas (one per layer group) that raise average OOD accuracy while ID accuracy stays within a
 * tolerance of uniform interpolation's, scoring every candidate on <b>validation</b> images only. Cheap first: the
 * uniform alphas of the candidate set are scored and the best by average OOD (or a given uniform alpha) is the
 * baseline and the start; then a
 * coordinate search visits the groups, stragglers first, trying each candidate alpha for that group with the others
 * held, and keeps the best that raises average OOD without ID falling more than {@code tolerance} below the
 * baseline's. Repeated for {@code passes} passes (a pass that changes nothing ends the search). Every score goes
 * through {@link Scorer}, which the compute service backs with the result cache, so a repeated search costs
 * nothing. Not thread-safe; one search per instance.
 */
public final class LayerMixingSearch {
    /** Validation scores of one assignment: fractions in [0, 1]. */
    public record Scores(double idTop1, double avgOodTop1) {
    }

    /** Scores the weights written with these per-group alphas (every group has one). */
    @FunctionalInterface
    public interface Scorer {
        Scores score(Map<String, Double> groupAlphas) throws Exception;
    }

    /**
     * @param candidates alphas tried, for the uniform baseline and per group
     * @param tolerance  how far validation ID top-1 may fall below the baseline's, as a fraction (0.005 = 0.5 points)
     * @param passes     coordinate passes at most
     * @param baseline   the uniform alpha to beat and start from (e.g. WiSE-FT's customary 0.5); null = the best
     *                   uniform candidate by validation average OOD
     */
    public record Settings(List<Double> candidates, double tolerance, int passes, Double baseline) {
        /** Settings whose baseline is the best uniform candidate by validation average OOD. */
        public Settings(List<Double> candidates, double tolerance, int passes) {
            this(candidates, tolerance, passes, null);
        }

        public Settings {
            candidates = List.copyOf(candidates);
            if (candidates.isEmpty()) {
                throw new IllegalArgumentException("give at least one candidate alpha");
            }
            if (!(tolerance >= 0 && tolerance <= 1)) {
                throw new IllegalArgumentException("tolerance must be in [0, 1], got " + tolerance);
            }
            if (passes < 1) {
                throw new IllegalArgumentException("passes must be at least 1");
            }
            if (baseline != null && !Double.isFinite(baseline)) {
                throw new IllegalArgumentException("baseline alpha must be a finite number");
            }
        }

        /** Alphas 0, 0.25, ..., 1, half a point of ID, two passes. */
        public static Settings defaults() {
            return new Settings(List.of(0.0, 0.25, 0.5, 0.75, 1.0), 0.005, 2);
        }
    }

    /** One scored try: a uniform alpha ({@code group} null) or one group moved to {@code alpha}. */
    public record Step(int pass, String group, double alpha, double idTop1, double avgOodTop1, boolean kept) {
    }

    /**
     * @param uniformAlpha the best uniform alpha on validation (the baseline)
     * @param uniform      its validation scores
     * @param groupAlphas  the alphas found, per group in network order
     * @param found        their validation scores
     * @param steps        every scored try, in order
     */
    public record Outcome(double uniformAlpha, Scores uniform, Map<String, Double> groupAlphas, Scores found,
            List<Step> steps) {
    }

    /**
     * @param groups groups in network order
     * @param first  groups visited first (the stragglers), in this order; the rest follow in network order
     */
    public static Outcome run(List<String> groups, List<String> first, Settings settings, Scorer scorer)
            throws Exception {
        List<Step> steps = new ArrayList<>();
        double bestAlpha = Double.NaN;
        Scores best = null;
        for (double a : settings.candidates()) {
            Scores s = scorer.score(all(groups, a));
            boolean better = best == null || s.avgOodTop1() > best.avgOodTop1();
            steps.add(new Step(0, null, a, s.idTop1(), s.avgOodTop1(), better));
            if (better) {
                best = s;
                bestAlpha = a;
            }
        }
        if (settings.baseline() != null) {
            Scores fixed = scorer.score(all(groups, settings.baseline()));
            steps.add(new Step(0, null, settings.baseline(), fixed.idTop1(), fixed.avgOodTop1(), true));
            best = fixed;
            bestAlpha = settings.baseline();
        }
        double idFloor = best.idTop1() - settings.tolerance();
        Map<String, Double> current = all(groups, bestAlpha);
        Scores now = best;
        List<String> order = new ArrayList<>(first.stream().filter(groups::contains).toList());
        groups.stream().filter(g -> !order.contains(g)).forEach(order::add);
        for (int pass = 1; pass <= settings.passes(); pass++) {
            boolean changed = false;
            for (String group : order) {
                double keepAlpha = current.get(group);
                Scores keep = null;
                int keptIndex = -1;
                for (double a : settings.candidates()) {
                    if (a == current.get(group)) {
                        continue;
                    }
                    Map<String, Double> trial = new LinkedHashMap<>(current);
                    trial.put(group, a);
                    Scores s = scorer.score(trial);
                    steps.add(new Step(pass, group, a, s.idTop1(), s.avgOodTop1(), false));
                    double target = keep == null ? now.avgOodTop1() : keep.avgOodTop1();
                    if (s.idTop1() >= idFloor && s.avgOodTop1() > target) {
                        keep = s;
                        keepAlpha = a;
                        keptIndex = steps.size() - 1;
                    }
                }
                if (keep != null) {
                    Step k = steps.get(keptIndex);
                    steps.set(keptIndex, new Step(k.pass(), k.group(), k.alpha(), k.idTop1(), k.avgOodTop1(), true));
                    current.put(group, keepAlpha);
                    now = keep;
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
        return new Outcome(bestAlpha, best, current, now, steps);
    }

    /** One rule per group (its tensors' names, quoted) with its alpha: exactly these weights, whatever the global. */
    public static AlphaOverrides overrides(Map<String, List<String>> members, Map<String, Double> groupAlphas)
            throws RftException {
        List<AlphaOverrides.Rule> rules = new ArrayList<>();
        for (Map.Entry<String, Double> e : groupAlphas.entrySet()) {
            StringBuilder regex = new StringBuilder();
            for (String t : members.get(e.getKey())) {
                regex.append(regex.length() == 0 ? "" : "|").append(Pattern.quote(t));
            }
            rules.add(new AlphaOverrides.Rule(regex.toString(), e.getValue()));
        }
        return AlphaOverrides.of(rules);
    }

    private static Map<String, Double> all(List<String> groups, double alpha) {
        Map<String, Double> out = new LinkedHashMap<>();
        groups.forEach(g -> out.put(g, alpha));
        return out;
    }
}
