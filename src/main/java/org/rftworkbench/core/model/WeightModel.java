package org.rftworkbench.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;

/**
 * An image classifier whose weights can be rewritten in place (the "working model" of an interpolation).
 *
 * <p>Not thread-safe: one model is owned by one device thread, which is also the only thread that may call
 * {@link #forward} or write into {@link #parameters()}. PyTorch's grad mode is thread-local, so that thread must
 * have called {@code JniUtils.setGradMode(false)} (see {@link Models#prepareComputeThread()}) before in-place writes.
 */
public interface WeightModel extends AutoCloseable {
    /**
     * Live parameters by name, in network order. Writing into these arrays in place (e.g.
     * {@code set(new NDIndex("..."), src)}, {@code addi}) changes what {@link #forward} computes.
     */
    Map<String, NDArray> parameters();

    /**
     * Class logits for a batch of preprocessed images [B,3,S,S] float32 on this model's device. The result belongs to
     * the input's manager or the current {@code NDScope}; callers close it.
     *
     * @param withGradient true to record the autograd graph (sharpness); false runs in inference mode
     */
    NDArray forward(NDArray images, boolean withGradient);

    /** Number of head classes (logit columns). */
    int numClasses();

    /** Manager that owns the parameters; temporary arrays should use a sub-manager or an {@code NDScope}. */
    NDManager manager();

    /** Human-readable architecture summary, e.g. "open_clip ViT (4 layers, width 64) + head 10". */
    String describe();

    @Override
    void close();
}
