package org.rftworkbench.core.sharpness;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.rftworkbench.core.model.WeightModel;

/**
 * The parameters one sharpness measurement may move (a layer group, or all parameters for the overall value), with an
 * fp32 copy of their original values and the scale c (c = |w| + eta when adaptive, else 1). Only these tensors are
 * ever written; every other parameter of the model is left untouched. {@link #close()} writes the original values
 * back bit for bit, switches gradients off again and frees the copies.
 *
 * <p>Gradients: while the group is open only its tensors require gradients (other tensors that required them, as in a
 * TorchScript module, are switched off and restored on close), so backward passes compute nothing else.
 *
 * <p>Not thread-safe: use on the thread that owns the model, with grad mode off outside gradient collectors.
 */
final class PerturbedGroup implements AutoCloseable {
    static final NDIndex ALL = new NDIndex("...");

    private final List<String> names;
    private final List<NDArray> params = new ArrayList<>();
    private final List<NDArray> originals = new ArrayList<>();
    private final List<NDArray> scales = new ArrayList<>();
    private final List<NDArray> othersRequiringGrad = new ArrayList<>();
    private final NDManager manager;
    private final long scalarCount;

    /**
     * @param names group members (model parameter names)
     * @throws IllegalArgumentException when a name is not a parameter of the model or the group is empty
     */
    PerturbedGroup(WeightModel model, List<String> names, boolean adaptive, double eta) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a sharpness group needs at least one parameter");
        }
        Map<String, NDArray> all = model.parameters();
        for (String n : names) {
            if (!all.containsKey(n)) {
                throw new IllegalArgumentException("no parameter named " + n + " in " + model.describe());
            }
        }
        this.names = List.copyOf(names);
        this.manager = model.manager().newSubManager();
        JniUtils.setGradMode(false);
        long count = 0;
        try {
            for (Map.Entry<String, NDArray> e : all.entrySet()) {
                if (!this.names.contains(e.getKey()) && e.getValue().hasGradient()) {
                    othersRequiringGrad.add(e.getValue());
                }
            }
            for (NDArray other : othersRequiringGrad) {
                other.setRequiresGradient(false);
            }
            for (String n : this.names) {
                NDArray p = all.get(n);
                params.add(p);
                NDArray original = p.duplicate();
                original.attach(manager);
                originals.add(original);
                if (adaptive) {
                    NDArray c = original.abs();
                    if (eta > 0) {
                        c.addi((float) eta);
                    }
                    c.attach(manager);
                    scales.add(c);
                }
                count += p.size();
                p.setRequiresGradient(true);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.scalarCount = count;
    }

    List<String> names() {
        return names;
    }

    int size() {
        return params.size();
    }

    long scalarCount() {
        return scalarCount;
    }

    /** Manager for buffers that live as long as the group. */
    NDManager manager() {
        return manager;
    }

    NDArray param(int i) {
        return params.get(i);
    }

    NDArray original(int i) {
        return originals.get(i);
    }

    /** c of tensor i, or null when c = 1 (standard sharpness). */
    NDArray scale(int i) {
        return scales.isEmpty() ? null : scales.get(i);
    }

    /** Writes w0 + delta into every member (grad mode must be off). */
    void setPerturbation(List<NDArray> delta) {
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i);
            p.set(ALL, originals.get(i));
            p.addi(delta.get(i));
        }
    }

    /** Writes the original values back, bit for bit. */
    void restore() {
        JniUtils.setGradMode(false);
        for (int i = 0; i < params.size(); i++) {
            params.get(i).set(ALL, originals.get(i));
        }
    }

    /** Sets the accumulated gradients of the members to zero (libtorch accumulates across backward passes). */
    void zeroGradients() {
        for (NDArray p : params) {
            NDArray g;
            try {
                g = p.getGradient();
            } catch (IllegalStateException noGradientYet) {
                continue;
            }
            try (g) {
                g.muli(0);
            }
        }
    }

    /** The gradient of member i from the last backward pass (a new handle; the caller's scope closes it). */
    NDArray gradient(int i) {
        return params.get(i).getGradient();
    }

    @Override
    public void close() {
        try {
            restore();
            for (NDArray p : params) {
                p.setRequiresGradient(false);
            }
            for (NDArray other : othersRequiringGrad) {
                other.setRequiresGradient(true);
            }
        } finally {
            manager.close();
        }
    }

    /** Fresh zero buffers shaped like the members, owned by this group. */
    List<NDArray> zeros() {
        List<NDArray> out = new ArrayList<>(params.size());
        for (NDArray p : params) {
            out.add(manager.zeros(p.getShape(), p.getDataType()));
        }
        return Collections.unmodifiableList(out);
    }
}
