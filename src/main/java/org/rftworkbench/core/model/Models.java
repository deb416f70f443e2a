package org.rftworkbench.core.model;

import ai.djl.pytorch.jni.JniUtils;
import org.rftworkbench.core.engine.Engines;

/** Thread set-up shared by every thread that runs models or writes weights. */
public final class Models {
    private Models() {
    }

    /**
     * Must be called once on each thread that writes weights in place or runs inference. PyTorch's grad mode is
     * thread-local and on by default on new threads; in-place writes to parameters that require grad then fail with
     * "a leaf Variable that requires grad is being used in an in-place operation".
     */
    public static void prepareComputeThread() {
        Engines.pytorch();
        JniUtils.setGradMode(false);
    }
}
