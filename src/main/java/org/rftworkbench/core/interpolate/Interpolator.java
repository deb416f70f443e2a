package org.rftworkbench.core.interpolate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.Collections;
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
    /**
     * Elements per chunk (256 KiB of float32). The four passes of the formula run chunk by chunk over views, so a
     * chunk of the working tensor and of A and B stays in the CPU cache between passes: memory traffic is then about
     * one read of A, one read of B and one write, instead of ten tensor-sized passes.
     */
    static final int CHUNK = Integer.getInteger("rft.interpolation.chunk", 64 * 1024);

    /** One tensor: the working parameter, its endpoints, and cache-sized views of the three. */
    private record Slot(String name, NDArray target, NDArray a, NDArray b, boolean floating, List<NDArray[]> chunks) {
    }

    private final WeightModel working;
    private final List<String> names;
    private final List<Slot> slots = new ArrayList<>();

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
            NDArray ta = a.tensors().get(name);
            NDArray tb = b.tensors().get(name);
            boolean floating = target.getDataType().isFloating();
            slots.add(new Slot(name, target, ta, tb, floating, floating ? chunks(target, ta, tb) : List.of()));
        }
    }

    /**
     * Views of CHUNK elements over the flattened tensors, or one "chunk" of the whole tensors when they are small or
     * when the working tensor cannot be viewed flat (a non-contiguous parameter would be copied by reshape, and
     * writes into the copy would be lost: that is probed once here).
     */
    private static List<NDArray[]> chunks(NDArray target, NDArray a, NDArray b) {
        long n = target.size();
        if (n <= CHUNK) {
            return Collections.singletonList(new NDArray[] {target, a, b});
        }
        NDArray flatTarget = target.reshape(-1);
        if (!sharesStorage(target, flatTarget)) {
            flatTarget.close();
            return Collections.singletonList(new NDArray[] {target, a, b});
        }
        NDArray flatA = a.reshape(-1);
        NDArray flatB = b.reshape(-1);
        List<NDArray[]> out = new ArrayList<>();
        for (long from = 0; from < n; from += CHUNK) {
            NDIndex range = new NDIndex("{}:{}", from, Math.min(n, from + CHUNK));
            out.add(new NDArray[] {flatTarget.get(range), flatA.get(range), flatB.get(range)});
        }
        return out;
    }

    /** True when writing through {@code flat} changes {@code target} (restores the value it probes with). */
    private static boolean sharesStorage(NDArray target, NDArray flat) {
        NDIndex first = new NDIndex("0");
        float original;
        try (NDArray v = flat.get(first)) {
            original = v.getFloat();
        }
        float probe = original == 1f ? 2f : 1f;
        flat.set(first, probe);
        boolean shared;
        try (NDArray view = target.reshape(-1); NDArray v = view.get(first)) {
            shared = v.getFloat() == probe;
        }
        flat.set(first, original);
        return shared;
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
        for (Slot slot : slots) {
            if (!slot.floating()) {
                slot.target().set(ALL, slot.a());
                continue;
            }
            double t = overrides.alphaFor(slot.name(), alpha);
            if (t == 0.0) {
                slot.target().set(ALL, slot.a());
            } else if (t == 1.0) {
                slot.target().set(ALL, slot.b());
            } else {
                float w = (float) t;
                for (NDArray[] c : slot.chunks()) {
                    c[0].set(ALL, c[2]);
                    c[0].subi(c[1]).muli(w).addi(c[1]);
                }
            }
        }
    }

    /** Writes theta(alpha) with the global alpha only. */
    public void apply(double alpha) {
        apply(alpha, AlphaOverrides.NONE);
    }
}
