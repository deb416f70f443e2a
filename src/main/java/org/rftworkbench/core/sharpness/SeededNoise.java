package org.rftworkbench.core.sharpness;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The default average-case noise: fresh N(0,1) or U[-1,1] draws per batch from libtorch's generator, reseeded at the
 * start of every batch with a value derived from (seed, batch), so batch b gets the same noise however many
 * batches ran before it. Draws within a batch follow the order sample-major, then tensor order. The stream depends on
 * the device's generator (CPU and GPU draws differ), as the reference's does.
 *
 * <p>libtorch's default generator is process-wide, so a batch holds it from {@link #startBatch} to {@link #endBatch}:
 * two measurements in one process (two devices, or a window's heatmap still filling while a study runs) take turns
 * per batch instead of interleaving their draws, which made the same cell's value depend on what else was running.
 * Thread-safe in that sense; one instance per measurement.
 */
public final class SeededNoise implements NoiseSource {
    private final SharpnessSettings.Noise kind;
    private final long seed;

    public SeededNoise(SharpnessSettings.Noise kind, long seed) {
        this.kind = kind;
        this.seed = seed;
    }

    /** Held by the thread whose batch is drawing from libtorch's process-wide generator. */
    private static final ReentrantLock GENERATOR = new ReentrantLock();

    @Override
    public void startBatch(int batch) {
        if (!GENERATOR.isHeldByCurrentThread()) { // one hold per thread, so one endBatch always releases it
            GENERATOR.lock();
        }
        try {
            Engine.getEngine("PyTorch").setRandomSeed((int) mix(seed, batch));
        } catch (RuntimeException | Error e) {
            GENERATOR.unlock();
            throw e;
        }
    }

    @Override
    public void endBatch() {
        if (GENERATOR.isHeldByCurrentThread()) {
            GENERATOR.unlock();
        }
    }

    @Override
    public NDArray draw(int batch, int sample, String name, Shape shape, NDManager manager) {
        return kind == SharpnessSettings.Noise.GAUSSIAN ? manager.randomNormal(0f, 1f, shape, DataType.FLOAT32)
                : manager.randomUniform(-1f, 1f, shape, DataType.FLOAT32);
    }

    /** A well-spread 31-bit seed for (seed, batch) (splitmix64 finaliser). */
    static long mix(long seed, int batch) {
        long z = seed * 0x9E3779B97F4A7C15L + batch + 1;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & 0x7FFFFFFFL;
    }

    @Override
    public String describe() {
        return "seeded " + kind.name().toLowerCase(Locale.ROOT) + ", seed " + seed + ", fresh per batch";
    }
}
