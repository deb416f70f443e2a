package org.rftworkbench.core.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The style renderers on tiny hand-made images, against values worked out by hand. */
class ImageOpsTest {
    private static final float[] RAMP = {0f, 0.25f, 0.5f, 1f};

    @Test
    void invertAndLowContrastAreExact() {
        assertArrayEquals(new float[] {1f, 0.75f, 0.5f, 0f}, Style.INVERT.render(RAMP, 2, new Random(0)));
        // 0.4 + 0.25 x
        assertArrayEquals(new float[] {0.4f, 0.4625f, 0.525f, 0.65f}, Style.LOWCON.render(RAMP, 2, new Random(0)),
                1e-7f);
        assertArrayEquals(RAMP, Style.CLEAN.render(RAMP, 2, new Random(0)));
    }

    @Test
    void sobelOfAVerticalStepEdgeMarksTheTwoColumnsBesideIt() {
        // 4x4, columns 0-1 black, columns 2-3 white. With replicated borders gy = 0 everywhere and
        // gx = (1 + 2 + 1) * (right - left) = 4 at columns 1 and 2, 0 at columns 0 and 3; divided by the max (4).
        float[] step = new float[16];
        for (int y = 0; y < 4; y++) {
            step[y * 4 + 2] = 1f;
            step[y * 4 + 3] = 1f;
        }
        float[] row = {0f, 1f, 1f, 0f};
        float[] expected = new float[16];
        for (int y = 0; y < 4; y++) {
            System.arraycopy(row, 0, expected, y * 4, 4);
        }
        assertArrayEquals(expected, ImageOps.sobelSketch(step, 4), 1e-7f);
        // a flat image has no edges (and no division by zero)
        assertArrayEquals(new float[16], ImageOps.sobelSketch(new float[16], 4));
    }

    @Test
    void sketchMixIsHalfPhotoHalfEdges() {
        float[] step = {0f, 1f, 0f, 1f}; // 2x2: left column black, right white -> sobel 1 everywhere
        float[] mixed = Style.SKMIX50.render(step, 2, new Random(0));
        assertArrayEquals(new float[] {0.5f, 1f, 0.5f, 1f}, mixed, 1e-7f);
    }

    @Test
    void rotationByZeroIsTheIdentityAndByNinetyMovesPixelsExactly() {
        float[] img = new float[9];
        img[1] = 1f; // 3x3, top middle pixel
        assertArrayEquals(img, ImageOps.rotate(img, 3, 0), 1e-6f);
        float[] turned = ImageOps.rotate(img, 3, 90);
        // output (y, c) reads source x = cos*dx + sin*dy + 1, y = -sin*dx + cos*dy + 1 (dx = c - 1, dy = y - 1);
        // at 90 degrees x = dy + 1, y = 1 - dx, so the top-middle source pixel (x 1, y 0) lands at dx = 1, dy = 0:
        // the middle of the right column (index 5)
        float[] expected = new float[9];
        expected[5] = 1f;
        assertArrayEquals(expected, turned, 1e-6f);
    }

    @Test
    void rotationInterpolatesBilinearlyAndPadsWithZero() {
        float[] ones = new float[25];
        java.util.Arrays.fill(ones, 1f);
        float[] turned = ImageOps.rotate(ones, 5, 45);
        assertEquals(1f, turned[12], 1e-6f, "the centre stays");
        assertTrue(turned[0] < 0.5f, "a corner rotated in from outside the image is mostly zero padding");
    }

    @Test
    void gaussianBlurKeepsAConstantImageAndSpreadsAnImpulse() {
        float[] k = ImageOps.gaussianKernel(7, 1.5);
        float sum = 0;
        for (float w : k) {
            sum += w;
        }
        assertEquals(1f, sum, 1e-6f);
        assertEquals(k[0], k[6]);
        // hand value: centre weight 1 / sum_d exp(-d^2 / 4.5), d = -3..3
        double norm = 0;
        for (int d = -3; d <= 3; d++) {
            norm += Math.exp(-d * d / 4.5);
        }
        assertEquals(1 / norm, k[3], 1e-7);

        float[] flat = new float[49];
        java.util.Arrays.fill(flat, 0.3f);
        assertArrayEquals(flat, ImageOps.gaussianBlur(flat, 7, 7, 1.5), 1e-6f);
        float[] impulse = new float[49];
        impulse[24] = 1f;
        float[] blurred = ImageOps.gaussianBlur(impulse, 7, 7, 1.5);
        assertEquals(k[3] * k[3], blurred[24], 1e-7f);
        assertEquals(k[3] * k[4], blurred[25], 1e-7f);
    }

    @Test
    void noiseIsSeededAndClipped() {
        float[] grey = new float[64];
        java.util.Arrays.fill(grey, 0.5f);
        float[] a = Style.NOISE35.render(grey, 8, new Random(7));
        assertArrayEquals(a, Style.NOISE35.render(grey, 8, new Random(7)));
        assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(Style.NOISE35.render(grey, 8,
                new Random(8))));
        Random rng = new Random(7);
        assertEquals(ImageOps.clip01((float) (0.5 + 0.35 * rng.nextGaussian())), a[0]);
        for (float v : ImageOps.gaussianNoise(grey, 5.0, new Random(1))) {
            assertTrue(v >= 0f && v <= 1f);
        }
    }

    @Test
    void bytesRoundTripAndRoundHalfUp() {
        byte[] stored = ImageOps.toBytes(new float[] {0f, 1f, 0.5f, -0.2f, 1.7f});
        assertArrayEquals(new byte[] {0, (byte) 255, (byte) 128, 0, (byte) 255}, stored);
        assertArrayEquals(new float[] {0f, 1f}, ImageOps.fromBytes(new byte[] {0, (byte) 255}, 0, 2));
    }

    @Test
    void everyStyleHasAnIdAndACaption() {
        for (Style s : Style.values()) {
            assertEquals(s, Style.byId(s.id()));
            assertTrue(s.captionTemplate().contains("{}"), s.id());
        }
    }
}
