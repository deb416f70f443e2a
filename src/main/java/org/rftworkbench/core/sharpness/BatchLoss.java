package org.rftworkbench.core.sharpness;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * The objective of sharpness: mean cross-entropy of a batch, optionally on normalised logits (each row minus its
 * mean, divided by its L2 norm floored at 1e-10; method-notes 3.1), plus the 0/1 error (arg-max, first index on
 * ties). Computed in float32 on the model's device, as the reference does. Stateless and thread-safe.
 */
final class BatchLoss {
    private static final float NORM_FLOOR = 1e-10f;

    private final boolean normalizeLogits;
    private final long[] columns;

    /** @param logitColumns head columns to keep first (subset datasets), or null */
    BatchLoss(boolean normalizeLogits, int[] logitColumns) {
        this.normalizeLogits = normalizeLogits;
        this.columns = logitColumns == null ? null : java.util.Arrays.stream(logitColumns).asLongStream().toArray();
    }

    /** Logits as used by the loss: masked to the dataset's columns and normalised when enabled. */
    NDArray prepare(NDArray logits) {
        NDArray z = logits;
        if (columns != null) {
            z = z.get(new NDIndex(":, {}", z.getManager().create(columns)));
        }
        if (normalizeLogits) {
            z = z.sub(z.mean(new int[] {1}, true));
            z = z.div(z.norm(new int[] {1}, true).maximum(NORM_FLOOR));
        }
        return z;
    }

    /** Mean cross-entropy (0-dim float32) of prepared logits [B, C] against int64 targets [B]. */
    static NDArray loss(NDArray prepared, NDArray targets) {
        long classes = prepared.getShape().get(1);
        // one-hot times log-probabilities sums exactly one non-zero term per row: equal to gathering the target
        NDArray picked = prepared.logSoftmax(1).mul(targets.oneHot((int) classes)).sum(new int[] {1});
        return picked.mean().neg();
    }

    /** Fraction of rows whose arg-max is not the target. */
    static double error(NDArray prepared, NDArray targets) {
        NDArray wrong = prepared.argMax(1).neq(targets);
        return wrong.toType(DataType.FLOAT64, false).sum().getDouble() / prepared.getShape().get(0);
    }
}
