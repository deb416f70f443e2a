package org.rftworkbench.core.service.embedded;

import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Halves the batch size of one device when the engine runs out of memory, and retries the failed work with the
 * smaller batch; the reduced size is remembered for later work on that device. Metrics do not depend on the batch
 * size, so a retry gives the same result. The retry unit is one evaluator call (a dataset, or one step of a
 * progressive evaluation), which is simpler than re-running a single batch inside the evaluator and costs at most
 * one repeated call per halving.
 *
 * <p>Thread-safe (the device thread uses it; status displays may read {@link #cap()}).
 */
public final class BatchSizeGovernor {
    private volatile int cap = Integer.MAX_VALUE;

    /** The batch size to use for a request of {@code requested}. */
    public int effective(int requested) {
        return Math.max(1, Math.min(requested, cap));
    }

    /** The current upper bound (Integer.MAX_VALUE until the first out-of-memory). */
    public int cap() {
        return cap;
    }

    /**
     * Runs {@code attempt} with the effective batch size; on out-of-memory halves it and tries again, down to 1.
     *
     * @throws RuntimeException the attempt's own failure when it is not an out-of-memory, or when batch 1 fails
     */
    public <T> T run(int requested, IntFunction<T> attempt) {
        while (true) {
            int batch = effective(requested);
            try {
                return attempt.apply(batch);
            } catch (RuntimeException e) {
                if (!isOutOfMemory(e) || batch <= 1) {
                    throw e;
                }
                cap = batch / 2;
            }
        }
    }

    /**
     * True for the engine's out-of-memory errors ("CUDA out of memory", "DefaultCPUAllocator: can't allocate
     * memory", "out of memory" from cuDNN/cuBLAS allocations), looked for along the cause chain. Java heap
     * exhaustion is not one of them: it is an Error and not retried.
     */
    public static boolean isOutOfMemory(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
            if (m.contains("out of memory") || m.contains("can't allocate memory")
                    || m.contains("cuda_error_out_of_memory")) {
                return true;
            }
        }
        return false;
    }
}
