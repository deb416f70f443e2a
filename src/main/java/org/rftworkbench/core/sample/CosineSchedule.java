package org.rftworkbench.core.sample;

/**
 * Learning rate with linear warm-up then cosine decay to zero, as open_clip's {@code cosine_lr}: for step
 * {@code s < warmup} the rate is {@code base * (s + 1) / warmup}, afterwards
 * {@code base * 0.5 * (1 + cos(pi * (s - warmup) / (total - warmup)))}. Immutable.
 *
 * @param base   peak learning rate
 * @param warmup warm-up steps (at least 1)
 * @param total  total steps (more than warmup)
 */
public record CosineSchedule(double base, int warmup, int total) {
    public CosineSchedule {
        if (warmup < 1 || total <= warmup) {
            throw new IllegalArgumentException("need 1 <= warmup < total, got warmup " + warmup + ", total " + total);
        }
    }

    /** A schedule whose warm-up is {@code fraction} of {@code total} steps, rounded, at least one step. */
    public static CosineSchedule withWarmupFraction(double base, int total, double fraction) {
        int warmup = Math.max(1, (int) Math.round(fraction * total));
        return new CosineSchedule(base, Math.min(warmup, Math.max(1, total - 1)), Math.max(total, 2));
    }

    /** The rate at 0-based step {@code step}. */
    public double rate(int step) {
        if (step < warmup) {
            return base * (step + 1) / warmup;
        }
        return 0.5 * (1 + Math.cos(Math.PI * (step - warmup) / (total - warmup))) * base;
    }
}
