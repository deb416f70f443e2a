package org.rftworkbench.core.data;

import java.awt.image.Raster;
import java.io.IOException;
import java.util.Base64;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;

/**
 * Turns the raw samples of a JPEG (ImageIO's {@code readRaster}: upsampled but not colour-converted) into the RGB
 * that Pillow 9-10 with libjpeg-turbo gives for {@code Image.open(f).convert("RGB")}. Only the rare files that
 * ImageIO's default decode gets wrong come here (see {@link ImageDecoding}):
 * <ul>
 * <li>CMYK and YCCK (4 components): ImageIO refuses them ("Unsupported Image Type"). Pillow reads them as Adobe
 * (inverted) CMYK whatever the markers say and converts with {@code 255 - K - C(255 - K)/255} per channel, in its
 * integer rounding; YCCK is first turned into that inverted CMYK the way libjpeg does.</li>
 * <li>4:4:0 chroma (components upsampled 1:2 vertically only) on runtimes whose libjpeg 6b repeats each chroma row,
 * where libjpeg-turbo 2.x interpolates with a triangle filter (3/4 nearer row + 1/4 farther row): the repeated rows
 * are exactly the decoded chroma rows, so the filter is applied here.</li>
 * <li>Three-component files whose colour space ImageIO guesses otherwise than libjpeg (see
 * {@link JpegHeader#imageIoMayMisreadColourSpace()}): converted here by libjpeg's rule.</li>
 * </ul>
 * YCbCr is converted to RGB with JFIF's equations in libjpeg's 16-bit fixed point (bit-exact with libjpeg and
 * libjpeg-turbo).
 *
 * <p>Stateless; thread-safe.
 */
final class JpegRasterConversion {
    private static final int SCALE_BITS = 16;
    private static final int HALF = 1 << (SCALE_BITS - 1);
    /** Per Cb/Cr sample value: the terms of JFIF's YCbCr to RGB equations, rounded as libjpeg rounds them. */
    private static final int[] CR_TO_R = new int[256];
    private static final int[] CB_TO_B = new int[256];
    private static final int[] CR_TO_G = new int[256];
    private static final int[] CB_TO_G = new int[256];

    static {
        // R = Y + 1.402 (Cr - 128), G = Y - 0.34414 (Cb - 128) - 0.71414 (Cr - 128), B = Y + 1.772 (Cb - 128)
        for (int i = 0; i < 256; i++) {
            long x = i - 128;
            CR_TO_R[i] = (int) ((fixed(1.402) * x + HALF) >> SCALE_BITS);
            CB_TO_B[i] = (int) ((fixed(1.772) * x + HALF) >> SCALE_BITS);
            CR_TO_G[i] = (int) (-fixed(0.71414) * x);
            CB_TO_G[i] = (int) (-fixed(0.34414) * x + HALF);
        }
    }

    private JpegRasterConversion() {
    }

    private static long fixed(double value) {
        return (long) (value * (1 << SCALE_BITS) + 0.5);
    }

    /**
     * Converts a raw JPEG raster to Pillow's RGB (or grey, one channel).
     *
     * @param raster          ImageIO's {@code readRaster} result: one band per JPEG component, in frame order
     * @param header          the file's markers (colour space and sampling factors)
     * @param smoothVertical  whether to apply libjpeg-turbo's vertical triangle filter to the components that were
     *                        upsampled 1:2 vertically only (pass true only when the runtime repeated their rows)
     * @throws IllegalArgumentException when the raster's bands do not match the header's components or the colour
     *                                  space is not one Pillow decodes
     */
    static DecodedImage toPillowRgb(Raster raster, JpegHeader header, boolean smoothVertical) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int n = raster.getNumBands();
        if (n != header.components()) {
            throw new IllegalArgumentException("the decoder returned " + n + " bands for " + header.components()
                    + " JPEG components");
        }
        int[] s = raster.getPixels(raster.getMinX(), raster.getMinY(), w, h, (int[]) null);
        if (smoothVertical) {
            for (int c = 0; c < n; c++) {
                if (header.verticalOnlyUpsampled(c)) {
                    smoothRepeatedRows(s, w, h, n, c);
                }
            }
        }
        int pixels = w * h;
        JpegHeader.ColourSpace space = header.colourSpace();
        if (space == JpegHeader.ColourSpace.GREY) {
            byte[] out = new byte[pixels];
            for (int p = 0; p < pixels; p++) {
                out[p] = (byte) s[p];
            }
            return new DecodedImage(w, h, 1, out);
        }
        byte[] out = new byte[pixels * 3];
        switch (space) {
            case RGB -> {
                for (int p = 0, o = 0; p < pixels; p++, o += 3) {
                    out[o] = (byte) s[p * 3];
                    out[o + 1] = (byte) s[p * 3 + 1];
                    out[o + 2] = (byte) s[p * 3 + 2];
                }
            }
            case YCBCR -> {
                for (int p = 0, o = 0; p < pixels; p++, o += 3) {
                    int y = s[p * 3];
                    int cb = s[p * 3 + 1];
                    int cr = s[p * 3 + 2];
                    out[o] = (byte) clamp(y + CR_TO_R[cr]);
                    out[o + 1] = (byte) clamp(y + ((CB_TO_G[cb] + CR_TO_G[cr]) >> SCALE_BITS));
                    out[o + 2] = (byte) clamp(y + CB_TO_B[cb]);
                }
            }
            case CMYK -> {
                // Pillow's rawmode "CMYK;I" inverts every stored sample: C = 255 - stored, so 255 - K = stored K
                for (int p = 0, o = 0; p < pixels; p++, o += 3) {
                    int notK = s[p * 4 + 3];
                    out[o] = (byte) cmykToRgb(255 - s[p * 4], notK);
                    out[o + 1] = (byte) cmykToRgb(255 - s[p * 4 + 1], notK);
                    out[o + 2] = (byte) cmykToRgb(255 - s[p * 4 + 2], notK);
                }
            }
            case YCCK -> {
                // libjpeg: stored C = 255 - clamp(Y + 1.402 (Cr - 128)), ... (the YCC holds 255 - stored CMY); K as
                // stored. Pillow then inverts, so its C is clamp(Y + 1.402 (Cr - 128)), its 255 - K the stored K.
                for (int p = 0, o = 0; p < pixels; p++, o += 3) {
                    int y = s[p * 4];
                    int cb = s[p * 4 + 1];
                    int cr = s[p * 4 + 2];
                    int notK = s[p * 4 + 3];
                    out[o] = (byte) cmykToRgb(clamp(y + CR_TO_R[cr]), notK);
                    out[o + 1] = (byte) cmykToRgb(clamp(y + ((CB_TO_G[cb] + CR_TO_G[cr]) >> SCALE_BITS)), notK);
                    out[o + 2] = (byte) cmykToRgb(clamp(y + CB_TO_B[cb]), notK);
                }
            }
            default -> throw new IllegalArgumentException("JPEG with " + n + " components is not RGB, CMYK or grey");
        }
        return new DecodedImage(w, h, 3, out);
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /** Pillow's cmyk2rgb for one channel: (255 - K) - C (255 - K) / 255 with its rounded division by 255. */
    private static int cmykToRgb(int c, int notK) {
        int t = c * notK + 128;
        return clamp(notK - (((t >> 8) + t) >> 8));
    }

    /**
     * Replaces the repeated rows of component {@code c} (rows 2i and 2i+1 both hold decoded row i) by libjpeg-turbo's
     * triangle filter: row 2i = (3 row(i) + row(i-1) + 1) / 4, row 2i+1 = (3 row(i) + row(i+1) + 2) / 4 (integer
     * division), with the first and last decoded rows standing in for their missing neighbours.
     */
    private static void smoothRepeatedRows(int[] s, int w, int h, int bands, int c) {
        int rows = (h + 1) / 2;
        int[] plane = new int[rows * w];
        for (int i = 0; i < rows; i++) {
            for (int x = 0; x < w; x++) {
                plane[i * w + x] = s[(2 * i * w + x) * bands + c];
            }
        }
        for (int r = 0; r < h; r++) {
            int i = r >> 1;
            boolean upper = (r & 1) == 0;
            int far = upper ? Math.max(i - 1, 0) : Math.min(i + 1, rows - 1);
            int bias = upper ? 1 : 2;
            for (int x = 0; x < w; x++) {
                s[(r * w + x) * bands + c] = (3 * plane[i * w + x] + plane[far * w + x] + bias) >> 2;
            }
        }
    }

    /**
     * Whether this runtime's JPEG decoder repeats the rows of vertically-only upsampled chroma (libjpeg 6b, bundled
     * with most JDKs) rather than interpolating them like Pillow's libjpeg-turbo (Debian's OpenJDK links the system
     * libjpeg-turbo). Found once, on first use, by decoding a built-in 8 x 16 4:4:0 JPEG (red above blue).
     */
    static boolean runtimeRepeatsVerticalChroma() {
        return Probe.REPEATS;
    }

    private static final class Probe {
        /** cjpeg -sample 1x2,1x1,1x1 -quality 50 -optimize of an 8 x 16 image, red on the top half, blue below. */
        private static final String JPEG_440 =
                "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19i"
                + "Z2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2Nj"
                + "Y2NjY2NjY2P/wAARCAAQAAgDARIAAhEBAxEB/8QAFAABAAAAAAAAAAAAAAAAAAAABf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/xAAU"
                + "AQEAAAAAAAAAAAAAAAAAAAAF/8QAGREAAgMBAAAAAAAAAAAAAAAAAGMVoeEW/9oADAMBAAIRAxEAPwAUOU51taMzy7w//9k=";
        static final boolean REPEATS = repeats();

        private static boolean repeats() {
            try (var in = new ByteArrayImageInputStream(Base64.getDecoder().decode(JPEG_440))) {
                Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
                if (!readers.hasNext()) {
                    return false;
                }
                ImageReader reader = readers.next();
                try {
                    reader.setInput(in, true, true);
                    Raster raw = reader.readRaster(0, null);
                    for (int y = 0; y + 1 < raw.getHeight(); y += 2) {
                        for (int x = 0; x < raw.getWidth(); x++) {
                            for (int band = 1; band < raw.getNumBands(); band++) {
                                if (raw.getSample(x, y, band) != raw.getSample(x, y + 1, band)) {
                                    return false;
                                }
                            }
                        }
                    }
                    return true;
                } finally {
                    reader.dispose();
                }
            } catch (IOException | RuntimeException e) {
                // cannot tell: keep ImageIO's own output (the difference is then measured, not corrected)
                return false;
            }
        }
    }
}
