package org.rftworkbench.core.service;

import ai.djl.ndarray.types.DataType;
import java.util.Locale;


/**
 * The number format of evaluation (forward passes). Interpolation always runs in fp32 on the master weights; with
 * bf16 or fp16 the result is then cast into a low-precision working copy (see the embedded service's LowPrecisionModel). Low
 * precision is meant for GPUs; results differ slightly from fp32, so the precision is part of every cache key.
 * BF16 is refused for now: DJL 0.36's PyTorch bindings abort the JVM when a bfloat16 tensor is created.
 */
public enum Precision {
    FP32(DataType.FLOAT32),
    BF16(DataType.BFLOAT16),
    FP16(DataType.FLOAT16);

    private final DataType dataType;

    Precision(DataType dataType) {
        this.dataType = dataType;
    }

    public DataType dataType() {
        return dataType;
    }

    /** "fp32", "bf16" or "fp16", as shown in {@link ServiceInfo#precision()}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a label case-insensitively. */
    public static Precision parse(String label) {
        for (Precision p : values()) {
            if (p.label().equalsIgnoreCase(label)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown precision '" + label + "' (fp32, bf16 or fp16)");
    }
}
