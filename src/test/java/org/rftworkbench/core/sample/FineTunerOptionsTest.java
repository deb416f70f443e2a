package org.rftworkbench.core.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fine-tuning options the pool varies (label smoothing, strong augmentation, head only) are off for the
 * single-pair samples, and off means the computation those samples were made with: one-hot targets written as
 * before, unaugmented pixels with no random draws, every parameter trained.
 */
class FineTunerOptionsTest {

    @Test
    void theSinglePairSamplesAreFineTunedWithEveryOptionOff() {
        for (SampleSettings s : new SampleSettings[] {SampleSettings.full(0), SampleSettings.smoke(0)}) {
            for (double lr : new double[] {s.fineTuneLr(), s.failureLr()}) {
                FineTuner.Settings settings = SampleGenerator.pairFineTuning(s, lr);
                assertTrue(settings.isDefault(), settings.toString());
                assertEquals(new FineTuner.Settings(s.fineTuneEpochs(), s.fineTuneBatch(), lr, s.weightDecay(),
                        s.warmupFraction(), s.derivedSeed(SampleSettings.SeedStream.FINE_TUNE_DATA), 0,
                        Augmentation.NONE, false), settings);
            }
        }
        // the shipped recipe itself (SampleSettings.full) is what made the committed samples
        SampleSettings full = SampleSettings.full(0);
        assertEquals(5e-3, full.fineTuneLr());
        assertEquals(2e-2, full.failureLr());
        assertEquals(1.0, full.fineTuneEpochs());
        assertEquals(128, full.fineTuneBatch());
    }

    @Test
    void withoutSmoothingTheTargetIsExactlyOneHot() {
        float[] target = new float[2 * 10];
        FineTuner.putTarget(target, 1, 10, 3, 0);
        float[] expected = new float[20];
        expected[13] = 1f;
        assertArrayEquals(expected, target);

        float[] smooth = new float[10];
        FineTuner.putTarget(smooth, 0, 10, 3, 0.1);
        assertEquals(0.91f, smooth[3], 1e-7f);
        assertEquals(0.01f, smooth[0], 1e-7f);
        double sum = 0;
        for (float v : smooth) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-6);
        assertThrows(IllegalArgumentException.class, () -> new FineTuner.Settings(1, 8, 1e-3, 0.1, 0.05, 1, 1.0,
                Augmentation.NONE, false));
    }

    @Test
    void noAugmentationReturnsThePixelsAndDrawsNothing() {
        byte[] pixels = image(5);
        Random used = new Random(42);
        assertSame(pixels, Augmentation.NONE.apply(pixels, 28, used));
        assertEquals(new Random(42).nextLong(), used.nextLong(), "no random number was drawn");
    }

    @Test
    void strongAugmentationIsSeededAndChangesTheImage() {
        byte[] pixels = image(6);
        byte[] first = Augmentation.STRONG.apply(pixels, 28, new Random(7));
        byte[] again = Augmentation.STRONG.apply(pixels, 28, new Random(7));
        byte[] other = Augmentation.STRONG.apply(pixels, 28, new Random(8));
        assertArrayEquals(first, again);
        assertFalse(java.util.Arrays.equals(first, pixels));
        assertFalse(java.util.Arrays.equals(first, other));
        float[] x = ImageOps.fromBytes(pixels, 0, 784);
        assertArrayEquals(x, Augmentation.resizeCrop(x, 28, 0, 0, 28, 28), "the whole image resized is itself");
        assertArrayEquals(x, Augmentation.flipHorizontally(Augmentation.flipHorizontally(x, 28), 28));
        assertEquals(x[27], Augmentation.flipHorizontally(x, 28)[0]);
        float[] corner = Augmentation.resizeCrop(x, 28, 0, 0, 14, 14);
        assertEquals(x[0], corner[0], 0.0f, "the crop's corner pixel stays where it was");
        assertNotEquals(x[27 * 28 + 27], corner[27 * 28 + 27]);
    }

    private static byte[] image(long seed) {
        byte[] pixels = new byte[784];
        new Random(seed).nextBytes(pixels);
        return pixels;
    }
}
