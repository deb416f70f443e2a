package org.rftworkbench.core.sharpness;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Unscaled noise z of the average-case sharpness (delta = rho * c * z), one draw per (batch, sample, tensor).
 * Implementations: {@link SeededNoise} (the default: fresh noise per batch from a seeded RNG) and {@link NoiseFile}
 * (draws saved by another implementation, for parity). Used from the model's thread only.
 */
public interface NoiseSource {
    /**
     * Called before the first draw of every batch of every measurement (seeded sources reseed here); every call is
     * followed by {@link #endBatch} once the batch's last draw is used, also when the batch fails.
     */
    default void startBatch(int batch) {
    }

    /** Called after the last draw of the batch {@link #startBatch} began (seeded sources release the generator). */
    default void endBatch() {
    }

    /**
     * @param batch  batch index
     * @param sample draw index k within the batch (0 .. K-1)
     * @param name   parameter name
     * @param shape  parameter shape
     * @return float32 noise of that shape in {@code manager} (or the current scope)
     */
    NDArray draw(int batch, int sample, String name, Shape shape, NDManager manager);

    /** Short description recorded with results, e.g. "seeded gaussian, seed 0" or "file noise.safetensors". */
    String describe();
}
