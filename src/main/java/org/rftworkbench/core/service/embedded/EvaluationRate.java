package org.rftworkbench.core.service.embedded;

/**
 * The fastest evaluation rate (images per second, forward passes with their data) a device has shown so far, from
 * evaluations of at least {@link #MIN_IMAGES} images. The fastest, not the latest or a mean: warm-up (JIT, libtorch
 * initialisation, a cold page cache) only ever makes a measurement slower, and a preview sized from a too-high rate
 * just keeps the default first step.
 *
 * <p>Thread-safe.
 */
final class EvaluationRate {
    /** Smaller evaluations are dominated by per-call overhead and are not recorded. */
    static final int MIN_IMAGES = 16;

    private double best = Double.NaN;

    /** Records an evaluation of {@code images} images that took {@code nanos} nanoseconds. */
    synchronized void record(int images, long nanos) {
        if (images < MIN_IMAGES || nanos <= 0) {
            return;
        }
        double rate = images / (nanos / 1e9);
        if (Double.isNaN(best) || rate > best) {
            best = rate;
        }
    }

    /** Images per second, NaN before any recorded evaluation. */
    synchronized double imagesPerSecond() {
        return best;
    }
}
