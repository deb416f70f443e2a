package org.rftworkbench.core.sharpness;

import java.util.ArrayList;
import java.util.List;

/**
 * The APGD step-size checkpoints (method-notes 3.3 step 6 and 3.3a): fractions p0 = 0, p1 = 0.22,
 * p_{j+1} = p_j + max(p_j - p_{j-1} - 0.03, 0.06), each turned into an iteration index ceil(p_j * T) in double
 * precision, until an index reaches T or repeats. For T = 20 they are 5, 9, 12, 15, 16, 18, 19, 20 (0.7 * 20 rounds up
 * to 15 in floating point). The ascent tests a checkpoint after iteration i (0-based) when i is one of them, so the
 * last one (T) is never reached: it only ends the list. Stateless and thread-safe.
 */
public final class ApgdSchedule {
    static final double FIRST_FRACTION = 0.22;
    static final double SHRINK = 0.03;
    static final double MIN_GAP = 0.06;

    private ApgdSchedule() {
    }

    /** The checkpoint iteration indices for {@code steps} iterations, ascending (p0 = 0 left out). */
    public static int[] checkpoints(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be positive: " + steps);
        }
        List<Double> fractions = new ArrayList<>(List.of(0.0, FIRST_FRACTION));
        List<Integer> indices = new ArrayList<>(List.of(0, (int) Math.ceil(steps * FIRST_FRACTION)));
        while (indices.get(indices.size() - 1) < steps
                && !indices.get(indices.size() - 1).equals(indices.get(indices.size() - 2))) {
            double last = fractions.get(fractions.size() - 1);
            double before = fractions.get(fractions.size() - 2);
            double next = last + Math.max(last - before - SHRINK, MIN_GAP);
            fractions.add(next);
            indices.add((int) Math.ceil(next * steps));
        }
        return indices.subList(1, indices.size()).stream().mapToInt(Integer::intValue).toArray();
    }
}
