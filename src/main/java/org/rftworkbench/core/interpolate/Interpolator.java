package org.rftworkbench.core.interpolate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.model.WeightModel;

/**
 * Writes theta(alpha) = theta_A + alpha * (theta_B - theta_A) for every floating tensor <b>in place</b> into the
 * working model: no third copy per alpha, and one fused pass per tensor (torch.lerp through {@link LerpKernel}: read
 * A, read B, write theta), so the cost is bound by memory bandwidth, about that of copying the weights once. alpha = 0
 * and alpha = 1 reproduce A and B exactly. Every call starts again from A and B, so repeated alphas never drift.
 * Alphas outside [0, 1] extrapolate. Non-floating tensors keep A's values.
 *
 * <p>Not thread-safe: call it only from the thread that owns the working model, with grad mode off.
 */
public final class Interpolator {
    private static final NDIndex ALL = new NDIndex("...");

    private final WeightModel working;
    private final List<String> names = new ArrayList<>();
    private final List<NDArray> targets = new ArrayList<>();
    private final List<NDArray> starts = new ArrayList<>();
    private final List<NDArray> ends = new ArrayList<>();
    private final List<NDArray[]> nonFloating = new ArrayList<>();
    private final LerpKernel kernel;

    /**
     * @throws RftException when A and B, or the working model and A, do not have the same names, shapes and dtypes
     */
    public Interpolator(WeightModel working, EndpointWeights a, EndpointWeights b) throws RftException {
        EndpointValidator.requireCompatible(a, b);
        EndpointValidator.requireMatchesModel(working.parameters(), a, working.describe());
        this.working = working;
        for (Map.Entry<String, NDArray> e : working.parameters().entrySet()) {
            NDArray ta = a.tensors().get(e.getKey());
            if (e.getValue().getDataType().isFloating()) {
                names.add(e.getKey());
                targets.add(e.getValue());
                starts.add(ta);
                ends.add(b.tensors().get(e.getKey()));
            } else {
                nonFloating.add(new NDArray[] {e.getValue(), ta});
            }
        }
        this.kernel = LerpKernel.on(working.manager().getDevice());
    }

    /** Names of the interpolated (floating) tensors, in the order they are written. */
    public List<String> names() {
        return List.copyOf(names);
    }

    public WeightModel working() {
        return working;
    }

    /** Writes theta(alpha) into the working model, with optional per-layer alphas. */
    public void apply(double alpha, AlphaOverrides overrides) {
        double[] weights = new double[names.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = overrides.alphaFor(names.get(i), alpha);
        }
        kernel.lerp(targets, starts, ends, weights);
        for (NDArray[] pair : nonFloating) {
            pair[0].set(ALL, pair[1]);
        }
    }

    /** Writes theta(alpha) with the global alpha only. */
    public void apply(double alpha) {
        apply(alpha, AlphaOverrides.NONE);
    }
}
