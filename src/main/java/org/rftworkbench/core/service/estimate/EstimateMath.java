package org.rftworkbench.core.service.estimate;

import org.rftworkbench.core.service.Estimate;

import java.util.List;

/**
 * Turns counts into {@link Estimate}s with 95% Wilson intervals, and combines per-set estimates into the OOD
 * average. Stateless.
 *
 * <p>The OOD average is the unweighted mean of the per-set accuracies (as in the sweep output). Its interval is a
 * normal approximation of that mean, with each set's standard error taken from its Wilson interval
 * (half-width / z) rather than from p(1-p)/n, so that a set at 0% or 100% on a small prefix still contributes
 * uncertainty: mean +- z * sqrt(sum_k se_k^2) / K, clipped to [0, 1]. Sets are independent samples, so their
 * variances add. No finite-population correction is applied: at the full set the interval describes the test set
 * as a sample, as the single-set Wilson interval does. With a single OOD set the average is that set, with its own
 * Wilson interval.
 */
public final class EstimateMath {
    private EstimateMath() {
    }

    /** The estimate for one dataset after {@code counts.n()} of its {@code total} images. */
    public static Estimate estimate(String dataset, CellCounts counts, long total) {
        WilsonInterval w = WilsonInterval.of95(counts.correctTop1(), counts.n());
        double top1 = counts.n() == 0 ? Double.NaN : (double) counts.correctTop1() / counts.n();
        long finite = counts.n() - counts.nonFinite();
        double loss = finite <= 0 ? Double.NaN : counts.lossSum() / finite;
        return new Estimate(dataset, counts.correctTop1(), counts.n(), total, top1, w.low(), w.high(), loss,
                counts.n() == total, counts.nonFinite());
    }

    /** The OOD average of the given per-set estimates, or null when there are none. */
    public static Estimate averageOod(List<Estimate> ood) {
        if (ood.isEmpty()) {
            return null;
        }
        int k = ood.size();
        if (k == 1) {
            Estimate only = ood.get(0);
            return new Estimate("avg_ood", only.correct(), only.n(), only.total(), only.top1(), only.low(), only.high(),
                    only.loss(), only.exact(), only.nonFinite());
        }
        double sum = 0;
        double variance = 0;
        double loss = 0;
        long correct = 0;
        long n = 0;
        long total = 0;
        long nonFinite = 0;
        boolean exact = true;
        for (Estimate e : ood) {
            sum += e.top1();
            double se = (e.high() - e.low()) / 2 / WilsonInterval.Z95;
            variance += se * se;
            loss += e.loss();
            correct += e.correct();
            n += e.n();
            total += e.total();
            exact &= e.exact();
            nonFinite += e.nonFinite();
        }
        double mean = sum / k;
        double half = WilsonInterval.Z95 * Math.sqrt(variance) / k;
        return new Estimate("avg_ood", correct, n, total, mean, Math.max(0, mean - half), Math.min(1, mean + half),
                loss / k, exact, nonFinite);
    }
}
