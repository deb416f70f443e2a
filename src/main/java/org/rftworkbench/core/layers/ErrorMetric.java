package org.rftworkbench.core.layers;

import org.rftworkbench.core.eval.DatasetMetrics;

/** What a barrier is measured on: mean cross-entropy (nats) or top-1 error (fraction). */
public enum ErrorMetric {
    LOSS,
    ERROR;

    /** The value of this metric for one evaluation. */
    public double of(DatasetMetrics m) {
        return this == LOSS ? m.loss() : 1 - m.top1();
    }

    /** Lower-case name used in files. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
