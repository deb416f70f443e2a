package org.rftworkbench.core.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.project.ProjectSpec;

/**
 * Alpha grids. Steps are accumulated in exact decimal arithmetic so that "0:1:0.1" gives 0.3, not
 * 0.30000000000000004, and cache keys built from alphas are stable. Stateless.
 */
public final class AlphaGrids {
    /** method-notes default: 0:0.05:1 (21 points). */
    public static final String DEFAULT = "0:1:0.05";
    private static final int MAX_POINTS = 10_001;

    private AlphaGrids() {
    }

    /** Parses "START:STOP:STEP" (inclusive) or a comma-separated list such as "0,0.25,0.5,1". */
    public static List<Double> parse(String spec) throws RftException {
        String s = spec.strip();
        try {
            if (s.contains(":")) {
                String[] parts = s.split(":");
                if (parts.length != 3) {
                    throw new RftException("alpha grid '" + spec + "' must be START:STOP:STEP or a comma list");
                }
                return range(new BigDecimal(parts[0].strip()), new BigDecimal(parts[1].strip()),
                        new BigDecimal(parts[2].strip()), "alpha grid '" + spec + "'");
            }
            List<Double> out = new ArrayList<>();
            for (String part : s.split(",")) {
                out.add(new BigDecimal(part.strip()).doubleValue());
            }
            return out;
        } catch (NumberFormatException e) {
            throw new RftException("alpha grid '" + spec + "' contains something that is not a number");
        }
    }

    /**
     * The grid of a path analysis (layer instability, sparsity): 0 and 1 added when missing, ascending, without
     * duplicates.
     *
     * @throws RftException when no alpha lies strictly between 0 and 1
     */
    public static List<Double> withEndpoints(List<Double> alphas) throws RftException {
        java.util.TreeSet<Double> set = new java.util.TreeSet<>(alphas);
        set.add(0.0);
        set.add(1.0);
        if (set.stream().noneMatch(a -> a > 0 && a < 1)) {
            throw new RftException("the alpha grid needs at least one alpha strictly between 0 and 1");
        }
        return List.copyOf(set);
    }

    /**
     * The project's default grid, or {@link #DEFAULT} when it names none. The one place a project's grid is read:
     * callers show the exception's message (there is no silent fallback to another grid).
     *
     * @throws RftException naming the project's alphaGrid and what is wrong with it
     */
    public static List<Double> of(ProjectSpec.AlphaGrid grid) throws RftException {
        if (grid == null) {
            return parse(DEFAULT);
        }
        if (grid.values() != null && !grid.values().isEmpty()) {
            for (Double v : grid.values()) {
                if (v == null || !Double.isFinite(v)) {
                    throw new RftException("the project's alphaGrid values contain " + v + ", not a finite number");
                }
            }
            return List.copyOf(grid.values());
        }
        if (grid.start() == null || grid.stop() == null || grid.step() == null) {
            throw new RftException("the project's alphaGrid needs values, or start, stop and step");
        }
        if (!Double.isFinite(grid.start()) || !Double.isFinite(grid.stop()) || !Double.isFinite(grid.step())) {
            throw new RftException("the project's alphaGrid start, stop and step must be finite numbers");
        }
        BigDecimal start = BigDecimal.valueOf(grid.start());
        BigDecimal stop = BigDecimal.valueOf(grid.stop());
        BigDecimal step = BigDecimal.valueOf(grid.step());
        return range(start, stop, step, "the project's alphaGrid " + start.stripTrailingZeros().toPlainString() + ":"
                + stop.stripTrailingZeros().toPlainString() + ":" + step.stripTrailingZeros().toPlainString());
    }

    /** @param what the grid as the user wrote it, for messages ("alpha grid '0:1:0.1'") */
    private static List<Double> range(BigDecimal start, BigDecimal stop, BigDecimal step, String what)
            throws RftException {
        if (step.signum() <= 0) {
            throw new RftException(what + ": step must be positive");
        }
        if (stop.compareTo(start) < 0) {
            throw new RftException(what + ": stop is below start");
        }
        long count = stop.subtract(start).divide(step, 0, RoundingMode.FLOOR).longValueExact() + 1;
        if (count > MAX_POINTS) {
            throw new RftException(what + " has " + count + " points (at most " + MAX_POINTS + ")");
        }
        List<Double> out = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            out.add(start.add(step.multiply(BigDecimal.valueOf(i))).doubleValue());
        }
        return out;
    }
}
