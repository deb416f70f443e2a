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

    public ProgressiveSchedule {
        if (first < 1 || factor < 2) {
            throw new IllegalArgumentException("need first >= 1 and factor >= 2, got " + first + ", " + factor);
        }
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
