package org.rftworkbench.core.service.estimate;

import java.util.ArrayList;
import java.util.List;

/**
 * The growing subset sizes of a progressive evaluation: {@code first}, {@code first * factor}, ... and finally the
 * whole dataset, e.g. 64, 256, 1024, 4096, ..., n. Immutable.
 *
 * @param first  images per dataset in the first step (the first estimate), at least 1
 * @param factor growth per step, at least 2
 */
public record ProgressiveSchedule(int first, int factor) {
    /** 64, 256, 1024, 4096, ... */
    public static final ProgressiveSchedule DEFAULT = new ProgressiveSchedule(64, 4);

    /** The smallest first step {@link #within} shrinks to: an estimate from fewer images says next to nothing. */
    public static final int MIN_FIRST = 8;

    public ProgressiveSchedule {
        if (first < 1 || factor < 2) {
            throw new IllegalArgumentException("need first >= 1 and factor >= 2, got " + first + ", " + factor);
        }
    }

    /**
     * This schedule with a first step small enough to evaluate in about {@code budgetSeconds} at
     * {@code imagesPerSecond} on {@code datasets} datasets (each step evaluates that many images per dataset), never
     * below {@link #MIN_FIRST}; later steps grow by the same factor from there. Unchanged when the rate is unknown
     * (NaN, zero or negative) or fast enough: on a GPU or a small model the first estimate stays 64 images, while
     * ViT-B/32 on two CPU cores (about 10 images/s) gets its first estimate in seconds instead of after 64 images
     * per dataset.
     */
    public ProgressiveSchedule within(double budgetSeconds, double imagesPerSecond, int datasets) {
        if (!(imagesPerSecond > 0) || !(budgetSeconds > 0) || datasets < 1) {
            return this;
        }
        double affordable = Math.floor(imagesPerSecond * budgetSeconds / datasets);
        if (affordable >= first) {
            return this;
        }
        int shrunk = Math.min(first, Math.max(MIN_FIRST, (int) affordable));
        return shrunk == first ? this : new ProgressiveSchedule(shrunk, factor);
    }

    /** Strictly increasing prefix sizes ending with {@code total} (empty when total is 0). */
    public int[] prefixSizes(int total) {
        List<Integer> sizes = new ArrayList<>();
        for (long s = first; s < total; s *= factor) {
            sizes.add((int) s);
        }
        if (total > 0) {
            sizes.add(total);
        }
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The prefix size of step {@code step} for a dataset of {@code total} images (the total once exhausted). */
    public int prefixAt(int step, int total) {
        int[] sizes = prefixSizes(total);
        return sizes.length == 0 ? 0 : sizes[Math.min(step, sizes.length - 1)];
    }

    /** Number of steps until the largest of the datasets is complete. */
    public int steps(int largestTotal) {
        return prefixSizes(largestTotal).length;
    }
}
