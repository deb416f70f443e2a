package org.rftworkbench.core.eval;

import java.util.List;

/**
 * Accuracy and loss of one model on one dataset (or on a subset of it). Immutable.
 *
 * @param dataset         dataset name
 * @param n               number of images evaluated
 * @param correctTop1     images whose true class has the highest logit (ties broken towards the lower class index)
 * @param correctTop5     images whose true class is among the 5 highest logits
 * @param lossSum         sum over images of the cross-entropy in nats (natural log)
 * @param classNames      dataset class names, index = dataset label
 * @param perClassCorrect top-1 correct count per dataset class
 * @param perClassCount   image count per dataset class
 * @param nonFinite       images whose logits held NaN or +-Inf: included in {@code n} and counted as wrong for top-1
 *                        and top-5, but left out of {@code lossSum} (see {@link #loss()})
 */
public record DatasetMetrics(String dataset, int n, long correctTop1, long correctTop5, double lossSum,
        List<String> classNames, long[] perClassCorrect, long[] perClassCount, long nonFinite) {

    /** Metrics of an evaluation whose logits were all finite. */
    public DatasetMetrics(String dataset, int n, long correctTop1, long correctTop5, double lossSum,
            List<String> classNames, long[] perClassCorrect, long[] perClassCount) {
        this(dataset, n, correctTop1, correctTop5, lossSum, classNames, perClassCorrect, perClassCount, 0);
    }

    /** Top-1 accuracy as a fraction in [0,1]. */
    public double top1() {
        return n == 0 ? Double.NaN : (double) correctTop1 / n;
    }

    /** Top-5 accuracy as a fraction in [0,1] (equals 1 when there are at most 5 classes). */
    public double top5() {
        return n == 0 ? Double.NaN : (double) correctTop5 / n;
    }

    /**
     * Mean cross-entropy in nats over the images with finite logits ({@code n - nonFinite}); NaN when there are none.
     * Images with non-finite logits have no meaningful loss: they are reported by {@link #nonFinite()} instead of
     * turning the mean into NaN or Inf.
     */
    public double loss() {
        long finite = n - nonFinite;
        return finite <= 0 ? Double.NaN : lossSum / finite;
    }

    /** Per-class top-1 accuracy (NaN for a class with no images). */
    public double classAccuracy(int datasetClass) {
        long count = perClassCount[datasetClass];
        return count == 0 ? Double.NaN : (double) perClassCorrect[datasetClass] / count;
    }
}
