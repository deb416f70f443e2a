package org.rftworkbench.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The crop-aware resize (only the window's output pixels are computed) must give exactly the window of the whole
 * resize, for every filter, shrinking and enlarging, grey and RGB, with and without a pass being skipped. The whole
 * resize itself is held to Pillow's bytes by {@link PreprocessorParityTest}.
 */
class PilResamplerRegionTest {

    @Test
    void windowOfResizeEqualsResizeThenCrop() {
        SplittableRandom random = new SplittableRandom(7);
        int cases = 0;
        for (int trial = 0; trial < 300; trial++) {
            int channels = random.nextBoolean() ? 3 : 1;
            int w = 1 + random.nextInt(90);
            int h = 1 + random.nextInt(90);
            byte[] pixels = new byte[w * h * channels];
            random.nextBytes(pixels);
            DecodedImage image = new DecodedImage(w, h, channels, pixels);
            // sometimes keep one side, so the horizontal or the vertical pass is skipped
            int outW = random.nextInt(4) == 0 ? w : 1 + random.nextInt(120);
            int outH = random.nextInt(4) == 0 ? h : 1 + random.nextInt(120);
            int regionW = 1 + random.nextInt(outW);
            int regionH = 1 + random.nextInt(outH);
            int left = random.nextInt(outW - regionW + 1);
            int top = random.nextInt(outH - regionH + 1);
            for (Interpolation filter : Interpolation.values()) {
                DecodedImage whole = PilResampler.resize(image, outW, outH, filter);
                DecodedImage window = PilResampler.resizeRegion(image, outW, outH, left, top, regionW, regionH,
                        filter);
                assertEquals(regionW, window.width());
                assertEquals(regionH, window.height());
                assertArrayEquals(crop(whole, left, top, regionW, regionH), window.pixels(),
                        () -> filter + " " + w + "x" + h + "x" + channels + " -> " + outW + "x" + outH + ", window "
                                + regionW + "x" + regionH + " at " + left + "," + top);
                cases++;
            }
        }
        assertEquals(900, cases);
    }

    /**
     * The column-major planar path (what preparation uses) must give the row-major window's samples, plane by
     * plane, grey repeated into three planes or kept as one, without touching dst outside its planes.
     */
    @Test
    void planarWindowEqualsRowMajorWindow() {
        SplittableRandom random = new SplittableRandom(11);
        int cases = 0;
        for (int trial = 0; trial < 400; trial++) {
            int channels = random.nextInt(3) == 0 ? 1 : 3;
            int w = 1 + random.nextInt(120);
            int h = 1 + random.nextInt(120);
            byte[] pixels = new byte[w * h * channels];
            random.nextBytes(pixels);
            DecodedImage image = new DecodedImage(w, h, channels, pixels);
            int outW = random.nextInt(5) == 0 ? w : 1 + random.nextInt(100);
            int outH = random.nextInt(5) == 0 ? h : 1 + random.nextInt(100);
            int regionW = 1 + random.nextInt(outW);
            int regionH = 1 + random.nextInt(outH);
            int left = random.nextInt(outW - regionW + 1);
            int top = random.nextInt(outH - regionH + 1);
            int outChannels = channels == 1 && random.nextBoolean() ? 1 : 3;
            for (Interpolation filter : Interpolation.values()) {
                DecodedImage window = PilResampler.resizeRegion(image, outW, outH, left, top, regionW, regionH,
                        filter);
                int plane = regionW * regionH;
                byte[] expected = new byte[5 + outChannels * plane + 3];
                java.util.Arrays.fill(expected, (byte) 0x5A);
                for (int c = 0; c < outChannels; c++) {
                    for (int i = 0; i < plane; i++) {
                        expected[5 + c * plane + i] = window.pixels()[i * channels + (channels == 1 ? 0 : c)];
                    }
                }
                byte[] planar = new byte[expected.length];
                java.util.Arrays.fill(planar, (byte) 0x5A);
                PilResampler.resizeRegionPlanar(image, outW, outH, left, top, regionW, regionH, filter,
                        outChannels, planar, 5);
                assertArrayEquals(expected, planar, () -> filter + " " + w + "x" + h + "x" + channels + " -> "
                        + outW + "x" + outH + ", window " + regionW + "x" + regionH + " at " + left + "," + top
                        + ", " + outChannels + " plane(s)");
                cases++;
            }
        }
        assertEquals(1200, cases);
    }

    private static byte[] crop(DecodedImage image, int left, int top, int width, int height) {
        int c = image.channels();
        byte[] out = new byte[width * height * c];
        for (int y = 0; y < height; y++) {
            System.arraycopy(image.pixels(), ((top + y) * image.width() + left) * c, out, y * width * c, width * c);
        }
        return out;
    }
}
