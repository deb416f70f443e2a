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
    private final EndpointWeights endpointA;

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
        this.endpointA = a;
    }

    /**
     * A third endpoint B2 for {@link #applyPlane}, its floating tensors in this interpolator's order. Holds no memory
     * of its own: the arrays belong to {@code weights}, which the caller keeps open while using it.
     */
    public static final class PlaneEnd {
        private final EndpointWeights weights;
        private final List<NDArray> tensors;

        private PlaneEnd(EndpointWeights weights, List<NDArray> tensors) {
            this.weights = weights;
            this.tensors = tensors;
        }

        public EndpointWeights weights() {
            return weights;
        }
    }

    /**
     * Aligns a third endpoint with this interpolator's tensors.
     *
     * @throws RftException when B2 and A do not have the same names, shapes and dtypes (the message names B2's file)
     */
    public PlaneEnd planeEnd(EndpointWeights b2) throws RftException {
        EndpointValidator.requireCompatible(endpointA, b2);
        List<NDArray> aligned = new ArrayList<>(names.size());
        for (String name : names) {
            aligned.add(b2.tensors().get(name));
        }
        return new PlaneEnd(b2, aligned);
    }

    /**
     * Writes theta(u, v) = A + u (B1 - A) + v (B2 - A) into the working model, B1 being this interpolator's B.
     * On v = 0 this is exactly {@link #apply(double) apply(u)} (the same fused lerp), so the plane's u axis and the
     * interpolation line agree to the bit. Elsewhere each tensor is written as (A + u (B1 - A)) + v (B2 - A) in
     * float32, one elementwise operation at a time (no fused multiply-add), which is how PyTorch evaluates that
     * expression: the reference implementation gets the same bits. Per tensor it allocates two temporaries of the
     * tensor's size and closes them at once; the working model is written in place as on the line.
     */
    public void applyPlane(double u, double v, PlaneEnd b2) {
        if (v == 0) {
            apply(u);
            return;
        }
        for (int i = 0; i < targets.size(); i++) {
            NDArray a = starts.get(i);
            try (NDArray towardsB1 = ends.get(i).sub(a); NDArray towardsB2 = b2.tensors.get(i).sub(a)) {
                towardsB1.muli(u);
                towardsB2.muli(v);
                NDArray target = targets.get(i);
                target.set(ALL, a);
                target.addi(towardsB1);
                target.addi(towardsB2);
            }
        }
        for (NDArray[] pair : nonFloating) {
            pair[0].set(ALL, pair[1]);
        }
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
