package org.rftworkbench.core.sharpness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * libtorch's generator is process-wide: a batch of seeded noise must get the same draws whatever another thread's
 * measurement does meanwhile (a study beside a heatmap still filling gave one cell two values).
 */
class SeededNoiseConcurrencyTest {
    private static final Shape SHAPE = new Shape(64);

    @Test
    void anotherThreadsBatchWaitsUntilThisBatchHasDrawnEverything() throws Exception {
        SeededNoise noise = new SeededNoise(SharpnessSettings.Noise.GAUSSIAN, 3);
        float[][] sequential = drawBatch(noise, 0, null, null);

        CountDownLatch firstDrawn = new CountDownLatch(1);
        CountDownLatch otherStarted = new CountDownLatch(1);
        float[][][] otherResult = new float[1][][];
        Thread other = new Thread(() -> {
            try {
                firstDrawn.await(10, TimeUnit.SECONDS);
                otherStarted.countDown(); // about to reseed and draw: without the lock this lands mid-batch
                otherResult[0] = drawBatch(new SeededNoise(SharpnessSettings.Noise.GAUSSIAN, 99), 7, null, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "other-measurement");
        other.start();
        float[][] interleaved = drawBatch(noise, 0, firstDrawn, otherStarted);
        other.join(TimeUnit.SECONDS.toMillis(60));
        assertFalse(other.isAlive(), "the other batch never got the generator");
        float[][] otherDraws = otherResult[0];

        assertArrayEquals(sequential[0], interleaved[0]);
        assertArrayEquals(sequential[1], interleaved[1], "the second draw of the batch is not disturbed");
        assertArrayEquals(drawBatch(new SeededNoise(SharpnessSettings.Noise.GAUSSIAN, 99), 7, null, null)[1],
                otherDraws[1], "and the other batch got its own draws too");
        assertNotEquals(sequential[1][0], otherDraws[1][0]);
    }

    /** Two draws of one batch; between them signals {@code drawn} and gives the other thread time to cut in. */
    private static float[][] drawBatch(SeededNoise noise, int batch, CountDownLatch drawn, CountDownLatch other) {
        try (NDManager manager = NDManager.newBaseManager()) {
            noise.startBatch(batch);
            try {
                float[] first = noise.draw(batch, 0, "w", SHAPE, manager).toFloatArray();
                if (drawn != null) {
                    drawn.countDown();
                    other.await(10, TimeUnit.SECONDS);
                    Thread.sleep(300); // the other thread reseeds and draws here unless it waits for the lock
                }
                float[] second = noise.draw(batch, 1, "w", SHAPE, manager).toFloatArray();
                return new float[][] {first, second};
            } finally {
                noise.endBatch();
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
