package org.rftworkbench.core.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Decodes PNG/JPEG files with ImageIO into {@link DecodedImage}s that match what PIL + torchvision's loader
 * ({@code Image.open(f).convert("RGB")}) see: grey stays one channel (replicated later, which is equivalent
 * because resampling is per channel), palette images become RGB through the palette, alpha is dropped without
 * compositing, 16-bit samples keep their high byte. Samples are read from the raster directly: going through
 * {@code getRGB} would apply colour-space conversion (e.g. a gamma curve to grey images) that PIL does not.
 *
 * <p>Thread-safe (every call uses its own reader).
 */
final class ImageDecoding {
    private ImageDecoding() {
    }

    static DecodedImage read(Path file) throws DataException {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new DataException(file, "cannot decode image: " + describe(e), e);
        }
        if (image == null) {
            throw new DataException(file, "not a readable PNG or JPEG image");
        }
        return toDecoded(image);
    }

    static DecodedImage toDecoded(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (image.getColorModel() instanceof IndexColorModel palette) {
            return fromPalette(image.getRaster(), palette, w, h);
        }
        if (image.getColorModel() instanceof ComponentColorModel cm) {
            int type = cm.getColorSpace().getType();
            int colours = cm.getNumColorComponents();
            int transfer = image.getRaster().getTransferType();
            boolean supportedDepth = transfer == DataBuffer.TYPE_BYTE || transfer == DataBuffer.TYPE_USHORT;
            if (supportedDepth && ((type == ColorSpace.TYPE_GRAY && colours == 1)
                    || (type == ColorSpace.TYPE_RGB && colours == 3))) {
                return fromComponents(image.getRaster(), colours, transfer == DataBuffer.TYPE_USHORT, w, h);
            }
        }
        return fromArgb(image, w, h);
    }

    /** Raster bands are in colour-model order (R, G, B[, A]) whatever the byte layout; alpha is the last band. */
    private static DecodedImage fromComponents(Raster raster, int colours, boolean sixteenBit, int w, int h) {
        int bands = raster.getNumBands();
        int[] samples = raster.getPixels(0, 0, w, h, (int[]) null);
        byte[] out = new byte[w * h * colours];
        int shift = sixteenBit ? 8 : 0;
        for (int p = 0, o = 0, s = 0; p < w * h; p++, s += bands) {
            for (int c = 0; c < colours; c++) {
                out[o++] = (byte) (samples[s + c] >>> shift);
            }
        }
        return new DecodedImage(w, h, colours, out);
    }

    private static DecodedImage fromPalette(Raster raster, IndexColorModel palette, int w, int h) {
        int[] index = raster.getSamples(0, 0, w, h, 0, (int[]) null);
        byte[] out = new byte[w * h * 3];
        for (int p = 0, o = 0; p < index.length; p++) {
            out[o++] = (byte) palette.getRed(index[p]);
            out[o++] = (byte) palette.getGreen(index[p]);
            out[o++] = (byte) palette.getBlue(index[p]);
        }
        return new DecodedImage(w, h, 3, out);
    }

    /** Fallback for unusual colour models (packed ints, foreign colour spaces): sRGB via getRGB. */
    private static DecodedImage fromArgb(BufferedImage image, int w, int h) {
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] out = new byte[w * h * 3];
        for (int p = 0, o = 0; p < argb.length; p++) {
            out[o++] = (byte) (argb[p] >> 16);
            out[o++] = (byte) (argb[p] >> 8);
            out[o++] = (byte) argb[p];
        }
        return new DecodedImage(w, h, 3, out);
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replace('\n', ' ');
    }
}
