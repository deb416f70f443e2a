package org.rftworkbench.core.service;

/**
 * A (possibly partial) accuracy estimate with its 95% Wilson score interval. Immutable.
 *
 * @param dataset  dataset name (or "avg_ood" for the OOD average)
 * @param correct  top-1 hits among the n images evaluated so far
 * @param n        images evaluated so far
 * @param total    images in the full dataset
 * @param top1     correct / n (for avg_ood: the mean of the per-set estimates)
 * @param low      lower bound of the 95% interval
 * @param high     upper bound of the 95% interval
 * @param loss     mean cross-entropy over the n images, nats
 * @param exact    true when n == total (the interval then only describes sampling of the test set itself)
 * @param nonFinite images among the n whose logits held NaN/Inf: counted as wrong, left out of the loss
 */
public record Estimate(String dataset, long correct, long n, long total, double top1, double low, double high,
        double loss, boolean exact, long nonFinite) {

    /** An estimate whose logits were all finite. */
    public Estimate(String dataset, long correct, long n, long total, double top1, double low, double high,
            double loss, boolean exact) {
        this(dataset, correct, n, total, top1, low, high, loss, exact, 0);
    }
}
