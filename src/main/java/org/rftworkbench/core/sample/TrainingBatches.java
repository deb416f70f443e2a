package org.rftworkbench.core.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Index streams and input tensors for the training loops. Images enter the model exactly as the evaluation sets
 * do: rendered, stored as uint8, then {@code (x/255 - 0.5) / 0.5} copied to three channels (the projects'
 * preprocessing, mean = std = 0.5). Stateless.
 */
final class TrainingBatches {
    private TrainingBatches() {
    }

    /** Number of steps of {@code batch} images covering {@code epochs} passes over {@code count} images. */
    static int steps(double epochs, int count, int batch) {
        return Math.max(1, (int) Math.ceil(epochs * count / batch));
    }

    /**
     * The training order for {@code steps} batches: consecutive seeded permutations of 0..count-1 (every epoch sees
     * every image once), flattened and cut into batches.
     */
    static int[][] order(int steps, int batch, int count, Random rng) {
        int[][] out = new int[steps][batch];
        int[] perm = TestSplit.permutation(count, rng);
        int pos = 0;
        for (int s = 0; s < steps; s++) {
            for (int b = 0; b < batch; b++) {
                if (pos == count) {
                    perm = TestSplit.permutation(count, rng);
                    pos = 0;
                }
                out[s][b] = perm[pos++];
            }
        }
        return out;
    }

    /** Appends uint8 image {@code pixels} normalised into three channel planes of image {@code slot} of {@code out}. */
    static void putNormalised(byte[] pixels, float[] out, int slot) {
        int n = pixels.length;
        int base = slot * 3 * n;
        for (int i = 0; i < n; i++) {
            float v = ((pixels[i] & 0xFF) / 255f - 0.5f) / 0.5f;
            out[base + i] = v;
            out[base + n + i] = v;
            out[base + 2 * n + i] = v;
        }
    }

    /** [count, 3, size, size] float32 tensor from {@link #putNormalised} data. */
    static NDArray tensor(NDManager manager, float[] data, int count, int size) {
        return manager.create(data, new Shape(count, 3, size, size));
    }
}
