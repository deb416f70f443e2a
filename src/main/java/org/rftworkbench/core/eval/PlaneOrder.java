package org.rftworkbench.core.eval;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Orders the cells of a u x v grid coarse to fine, so that a plane that is filling (or was interrupted) covers the
 * whole plane at a coarser resolution first: each axis's indices get a level by breadth-first bisection (both ends 0,
 * the middle 1, the middles of the halves 2, ..., as {@link CoarseFirstOrder}), a cell's level is the larger of its
 * two, and cells are taken level by level (within a level u-major). Levels 0..2 are a 5 x 5 sub-grid of a 15 x 15
 * grid: the first full coarse picture. Stateless.
 */
public final class PlaneOrder {
    /** The level through which the cells form the "first full coarse picture" of a plane. */
    public static final int COARSE_LEVEL = 2;

    private PlaneOrder() {
    }

    /** A grid cell by index: u = us[i], v = vs[j]. */
    public record Index(int i, int j, int level) {
    }

    /** Every cell of an nu x nv grid, coarse to fine. */
    public static List<Index> of(int nu, int nv) {
        int[] levelU = levels(nu);
        int[] levelV = levels(nv);
        List<Index> out = new ArrayList<>(nu * nv);
        for (int i = 0; i < nu; i++) {
            for (int j = 0; j < nv; j++) {
                out.add(new Index(i, j, Math.max(levelU[i], levelV[j])));
            }
        }
        out.sort(Comparator.comparingInt(Index::level)); // stable: u-major within a level
        return out;
    }

    /** How many cells of an nu x nv grid make the first full coarse picture (levels up to {@link #COARSE_LEVEL}). */
    public static int coarseCount(int nu, int nv) {
        return (int) of(nu, nv).stream().filter(i -> i.level() <= COARSE_LEVEL).count();
    }

    /** Bisection level of each of n indices (n >= 1). */
    static int[] levels(int n) {
        int[] level = new int[n];
        Arrays.fill(level, -1);
        level[0] = 0;
        level[n - 1] = 0;
        Deque<int[]> intervals = new ArrayDeque<>();
        intervals.add(new int[] {0, n - 1, 0});
        while (!intervals.isEmpty()) {
            int[] iv = intervals.poll();
            if (iv[1] - iv[0] < 2) {
                continue;
            }
            int mid = (iv[0] + iv[1]) / 2;
            level[mid] = iv[2] + 1;
            intervals.add(new int[] {iv[0], mid, iv[2] + 1});
            intervals.add(new int[] {mid, iv[1], iv[2] + 1});
        }
        return level;
    }
}
