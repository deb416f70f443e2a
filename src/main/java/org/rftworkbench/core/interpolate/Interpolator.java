package org.rftworkbench.core.interpolate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.model.WeightModel;

/**
 * Writes theta(alpha) = theta_A + alpha * (theta_B - theta_A) for every floating tensor <b>in place</b> into the
 * working model: no third full copy per alpha, four memory passes per tensor (copy B, subtract A, scale, add A), so
 * the cost is bound by memory bandwidth. alpha = 0 and alpha = 1 copy A and B exactly (the general formula would be
 * off by an ulp at alpha = 1). Every call starts again from A and B, so repeated alphas never drift. Alphas outside
 * [0, 1] extrapolate. Non-floating tensors keep A's values.
 *
 * <p>Not thread-safe: call it only from the thread that owns the working model, with grad mode off.
 */
public final class Interpolator {
    private static final NDIndex ALL = new NDIndex("...");

    private final WeightModel working;
    private final List<String> names;
    private final List<NDArray> targets = new ArrayList<>();
    private final List<NDArray> fromA = new ArrayList<>();
    private final List<NDArray> fromB = new ArrayList<>();
    private final List<Boolean> floating = new ArrayList<>();

    /**
     * @throws RftException when A and B, or the working model and A, do not have the same names, shapes and dtypes
     */
    public Interpolator(WeightModel working, EndpointWeights a, EndpointWeights b) throws RftException {
        EndpointValidator.requireCompatible(a, b);
        EndpointValidator.requireMatchesModel(working.parameters(), a, working.describe());
        this.working = working;
        this.names = List.copyOf(working.parameters().keySet());
        for (String name : names) {
            NDArray target = working.parameters().get(name);
            targets.add(target);
            fromA.add(a.tensors().get(name));
            fromB.add(b.tensors().get(name));
            floating.add(target.getDataType().isFloating());
        }
    }

    /** Tensor names in the order they are written. */
    public List<String> names() {
        return names;
    }

    public WeightModel working() {
        return working;
    }

    /** Writes theta(alpha) into the working model, with optional per-layer alphas. */
    public void apply(double alpha, AlphaOverrides overrides) {
        for (int i = 0; i < targets.size(); i++) {
            NDArray p = targets.get(i);
            NDArray a = fromA.get(i);
            if (!floating.get(i)) {
                p.set(ALL, a);
                continue;
            }
            double t = overrides.alphaFor(names.get(i), alpha);
            if (t == 0.0) {
                p.set(ALL, a);
            } else if (t == 1.0) {
                p.set(ALL, fromB.get(i));
            } else {
                p.set(ALL, fromB.get(i));
                p.subi(a).muli((float) t).addi(a);
            }
        }
    }

    /** Writes theta(alpha) with the global alpha only. */
    public void apply(double alpha) {
        apply(alpha, AlphaOverrides.NONE);
    }
}
