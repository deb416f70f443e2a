package org.rftworkbench.core.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The WiSE-FT path criteria of the sample projects, computed from a sweep's top-1 accuracies (in percent) along
 * alphas 0 = A .. 1 = B: ID gain, best interior OOD gain over both endpoints (also with each style left out), the
 * "best of both" alphas, OOD at 0.5 against the straight line (chord), OOD/ID ratios, and the largest OOD gain over A
 * anywhere on the path. Immutable.
 *
 * @param alphas    increasing, first 0 and last 1
 * @param id        ID accuracy per alpha
 * @param styles    OOD dataset names
 * @param ood       {@code ood[s][a]}: accuracy of style s at alpha a
 */
public record PathMetrics(double[] alphas, double[] id, List<String> styles, double[][] ood) {

    /** Average OOD accuracy at alpha index a, optionally leaving style {@code skip} out (-1 = none). */
    public double avgOod(int a, int skip) {
        double sum = 0;
        int n = 0;
        for (int s = 0; s < ood.length; s++) {
            if (s != skip) {
                sum += ood[s][a];
                n++;
            }
        }
        return sum / n;
    }

    private int last() {
        return alphas.length - 1;
    }

    public double idGain() {
        return id[last()] - id[0];
    }

    /** Max over interior alphas of avgOod - max(avgOod(A), avgOod(B)); index in {@link #bestInteriorIndex}. */
    public double bestInteriorGain(int skip) {
        return avgOod(bestInteriorIndex(skip), skip) - Math.max(avgOod(0, skip), avgOod(last(), skip));
    }

    public int bestInteriorIndex(int skip) {
        int best = 1;
        for (int a = 1; a < last(); a++) {
            if (avgOod(a, skip) > avgOod(best, skip)) {
                best = a;
            }
        }
        return best;
    }

    /** Interior alphas with OOD >= OOD(B) + 3 and ID >= ID(A) + 3. */
    public List<Double> bestOfBothAlphas() {
        List<Double> out = new ArrayList<>();
        for (int a = 1; a < last(); a++) {
            if (avgOod(a, -1) >= avgOod(last(), -1) + 3 && id[a] >= id[0] + 3) {
                out.add(alphas[a]);
            }
        }
        return out;
    }

    /** avgOod(0.5) - (avgOod(0) + avgOod(1)) / 2. */
    public double chordGap() {
        int mid = -1;
        for (int a = 0; a < alphas.length; a++) {
            if (Math.abs(alphas[a] - 0.5) < 1e-9) {
                mid = a;
            }
        }
        if (mid < 0) {
            return Double.NaN;
        }
        return avgOod(mid, -1) - (avgOod(0, -1) + avgOod(last(), -1)) / 2;
    }

    /** Max over alpha > 0 of avgOod - avgOod(A). */
    public double maxGainOverA() {
        double best = Double.NEGATIVE_INFINITY;
        for (int a = 1; a < alphas.length; a++) {
            best = Math.max(best, avgOod(a, -1) - avgOod(0, -1));
        }
        return best;
    }

    public double ratioA() {
        return avgOod(0, -1) / id[0];
    }

    public double ratioB() {
        return avgOod(last(), -1) / id[last()];
    }

    /** Number of styles whose own accuracy at the best interior alpha exceeds both of its endpoint accuracies. */
    public int stylesAboveBothEndpoints() {
        int a = bestInteriorIndex(-1);
        int n = 0;
        for (double[] style : ood) {
            if (style[a] > Math.max(style[0], style[last()])) {
                n++;
            }
        }
        return n;
    }

    /** A multi-line human-readable summary of every criterion. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "ID A %.2f -> B %.2f (gain %+.2f)%n", id[0], id[last()], idGain()));
        sb.append(String.format(Locale.ROOT, "avg OOD A %.2f, B %.2f; best interior alpha %.1f: %.2f (gain over both "
                + "endpoints %+.2f; %d of %d styles above both of their endpoints there)%n", avgOod(0, -1),
                avgOod(last(), -1), alphas[bestInteriorIndex(-1)], avgOod(bestInteriorIndex(-1), -1),
                bestInteriorGain(-1), stylesAboveBothEndpoints(), styles.size()));
        sb.append("leave one style out, best interior gain:");
        for (int s = 0; s < styles.size(); s++) {
            sb.append(String.format(Locale.ROOT, " %s %+.2f", styles.get(s), bestInteriorGain(s)));
        }
        sb.append(String.format(Locale.ROOT, "%nbest-of-both alphas (OOD >= OOD(B)+3, ID >= ID(A)+3): %s%n",
                bestOfBothAlphas()));
        sb.append(String.format(Locale.ROOT, "OOD(0.5) - chord %+.2f; max OOD gain over A on the path %+.2f; "
                + "OOD/ID A %.3f vs B %.3f", chordGap(), maxGainOverA(), ratioA(), ratioB()));
        return sb.toString();
    }
}
