package org.rftworkbench.core.eval;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Orders an alpha grid coarse-first for background precompute: both ends, then the middle, then the middles of the
 * halves, and so on (0, 1, 0.5, 0.2, 0.7, ... for 0:1:0.1), so that an interrupted precompute still covers the whole
 * range at a coarser resolution. Stateless.
 */
public final class CoarseFirstOrder {
    private CoarseFirstOrder() {
    }

    /** The distinct values of {@code grid}, sorted, then reordered by breadth-first bisection of the index range. */
    public static List<Double> of(List<Double> grid) {
        List<Double> sorted = grid.stream().distinct().sorted().toList();
        List<Double> out = new ArrayList<>();
        int n = sorted.size();
        if (n == 0) {
            return out;
        }
        out.add(sorted.get(0));
        if (n == 1) {
            return out;
        }
        out.add(sorted.get(n - 1));
        Deque<int[]> intervals = new ArrayDeque<>();
        intervals.add(new int[] {0, n - 1});
        while (!intervals.isEmpty()) {
            int[] iv = intervals.poll();
            if (iv[1] - iv[0] < 2) {
                continue;
            }
            int mid = (iv[0] + iv[1]) / 2;
            out.add(sorted.get(mid));
            intervals.add(new int[] {iv[0], mid});
            intervals.add(new int[] {mid, iv[1]});
        }
        return out;
    }
}
