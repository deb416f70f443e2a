package org.rftworkbench.figures;

import java.util.Objects;

/**
 * One named series of values along alpha, e.g. a dataset's top-1 accuracy at each alpha of a sweep. Immutable (the
 * arrays are copied in and out).
 *
 * @param name   legend text
 * @param alphas interpolation coefficients (theta = (1 - alpha) A + alpha B), ascending or not
 * @param values one value per alpha (accuracies as fractions in [0, 1]); NaN where missing
 */
public record Curve(String name, double[] alphas, double[] values) {
    public Curve {
        Objects.requireNonNull(name, "name");
        if (alphas.length != values.length) {
            throw new IllegalArgumentException(name + ": " + alphas.length + " alphas but " + values.length
                    + " values");
        }
        alphas = alphas.clone();
        values = values.clone();
    }

    @Override
    public double[] alphas() {
        return alphas.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    public int size() {
        return alphas.length;
    }

    /** The value at exactly this alpha, or NaN when the curve has no such point. */
    public double valueAt(double alpha) {
        for (int i = 0; i < alphas.length; i++) {
            if (alphas[i] == alpha) {
                return values[i];
            }
        }
        return Double.NaN;
    }
}
