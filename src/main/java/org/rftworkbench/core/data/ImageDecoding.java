package org.rftworkbench.core.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes PNG/JPEG files with ImageIO into {@link DecodedImage}s that match what PIL + torchvision's loader
 * ({@code Image.open(f).convert("RGB")}) see: grey stays one channel (replicated later, which is equivalent
 * because resampling is per channel), palette images become RGB through the palette, alpha is dropped without
 * compositing, 16-bit samples keep their high byte. Samples are read from the raster directly: going through
 * {@code getRGB} would apply colour-space conversion (e.g. a gamma curve to grey images) that PIL does not.
 *
 * <p>JPEGs decode bit-exactly like Pillow 9.4 with libjpeg-turbo 2.1 (JpegDecodingParityTest, docs/JPEG-DECODING.md):
 * embedded ICC profiles are hidden from ImageIO (Pillow ignores them; ImageIO would convert to sRGB), CMYK and YCCK
 * files, files whose colour space ImageIO guesses otherwise than libjpeg and, on runtimes with libjpeg 6b, 4:4:0
 * files are read as raw rasters and converted by {@link JpegRasterConversion}. Arithmetic-coded JPEGs fail with a
 * one-line message on runtimes whose libjpeg cannot decode them (libjpeg 6b, bundled with most JDKs).
 *
 * <p>Thread-safe (every call uses its own reader).
 */
final class ImageDecoding {
    /** System property with the largest number of pixels (width x height) an image may have. */
    static final String MAX_PIXELS_PROPERTY = "rft.maxImagePixels";
    /** 50 megapixels: far above any evaluation image (CLIP resizes to 224-336 px), far below a bomb. */
    static final long DEFAULT_MAX_PIXELS = 50_000_000L;
    /**
     * The highest limit that can be set: the decoded raster of an RGBA image is read as one int array of
     * 4 x pixels, which must stay below 2^31 elements.
     */
    static final long MAX_PIXELS_CAP = 500_000_000L;

    private ImageDecoding() {
    }

    /**
     * Reads the image's size from its header first and refuses it above {@link #maxPixels()} before any pixel is
     * decoded: a small compressed file (a 76 KB 1-bit PNG) can declare 20000 x 20000 pixels, which would take
     * gigabytes once decoded. Decode failures and running out of memory on one image become a {@link DataException}
     * naming the file.
     */
    static DecodedImage read(Path file) throws DataException {
        long limit = maxPixels();
        if (!Files.isReadable(file)) {
            // ImageIO would report a missing file as "Can't create cache file!"
            throw new DataException(file, "cannot read image file (missing or not readable)");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | OutOfMemoryError e) {
            throw new DataException(file, "cannot read image file: " + (e instanceof IOException io ? describe(io)
                    : "too large to hold in memory"));
        }
        // JPEGs whose default ImageIO decode differs from Pillow's go through the raw raster instead (see JpegHeader);
        // the header scan hops over a handful of marker segments, so the common path stays as fast as before.
        JpegHeader jpeg = JpegHeader.scan(bytes);
        boolean rawJpeg = false;
        boolean smoothVertical = false;
        if (jpeg != null) {
            // Pillow ignores embedded ICC profiles; ImageIO would convert to sRGB (or fail on CMYK profiles). The
            // array is this method's own copy of the file.
            jpeg.hideIccProfiles(bytes);
            smoothVertical = jpeg.anyVerticalOnlyUpsampled() && JpegRasterConversion.runtimeRepeatsVerticalChroma();
            rawJpeg = jpeg.components() == 4 || smoothVertical || jpeg.imageIoMayMisreadColourSpace();
        }
        BufferedImage image;
        // The same steps as ImageIO.read(File) (first reader that recognises the stream, default read param), with
        // the header read in between, so decoded pixels are unchanged. The file is read into memory first: one
        // read instead of ImageIO's many small ones.
        try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DataException(file, "not a readable PNG or JPEG image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width * height > limit) {
                    throw new DataException(file, "image is " + width + " x " + height + " pixels ("
                            + megapixels(width * height) + " megapixels), above the limit of " + megapixels(limit)
                            + " megapixels (set -D" + MAX_PIXELS_PROPERTY + "=N to change it)");
                }
                try {
                    if (rawJpeg) {
                        return JpegRasterConversion.toPillowRgb(reader.readRaster(0, reader.getDefaultReadParam()),
                                jpeg, smoothVertical);
                    }
                    image = reader.read(0, reader.getDefaultReadParam());
                } catch (OutOfMemoryError e) {
                    // Only this image's buffers are lost; the caller can report the file and carry on or stop.
                    throw new DataException(file, "not enough memory to decode this " + width + " x " + height
                            + " image");
                }
            } finally {
                reader.dispose();
            }
        } catch (DataException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            if (jpeg != null && jpeg.arithmetic()) {
                // the libjpeg 6b bundled with most JDKs says "Sorry, there are legal restrictions on arithmetic coding"
                throw new DataException(file, "cannot decode this arithmetic-coded JPEG with this Java runtime's JPEG"
                        + " decoder (" + describe(e) + "); re-encode it with Huffman coding, e.g. jpegtran -outfile"
                        + " new.jpg file.jpg", e);
            }
            throw new DataException(file, "cannot decode image: " + describe(e), e);
        }
        if (image == null) {
            throw new DataException(file, "not a readable PNG or JPEG image");
        }
        try {
            return toDecoded(image);
        } catch (OutOfMemoryError e) {
            throw new DataException(file, "not enough memory to convert this " + image.getWidth() + " x "
                    + image.getHeight() + " image");
        }
    }

    /**
     * The largest image (width x height) that is decoded: {@value #DEFAULT_MAX_PIXELS} unless the system property
     * {@value #MAX_PIXELS_PROPERTY} says otherwise (read on every call, so a test or a server can change it).
     *
     * @throws DataException when the property is not a whole number from 1 to {@value #MAX_PIXELS_CAP}
     */
    static long maxPixels() throws DataException {
        String value = System.getProperty(MAX_PIXELS_PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT_MAX_PIXELS;
        }
        try {
            long limit = Long.parseLong(value.strip().replace("_", ""));
            if (limit >= 1 && limit <= MAX_PIXELS_CAP) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DataException("-D" + MAX_PIXELS_PROPERTY + "=" + value,
                "not a whole number of pixels from 1 to " + MAX_PIXELS_CAP);
    }

    private static String megapixels(long pixels) {
        return String.format(Locale.ROOT, "%.1f", pixels / 1e6);
    }

    /**
     * The image's samples as a {@link DecodedImage}. May take over the image's pixel array (and reorder it in
     * place), so the image must not be used afterwards.
     */
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
        if (!sixteenBit && raster.getSampleModel() instanceof PixelInterleavedSampleModel layout
                && raster.getDataBuffer() instanceof DataBufferByte buffer && buffer.getNumBanks() == 1
                && raster.getParent() == null) {
            return fromInterleavedBytes(buffer, layout, raster, colours, w, h);
        }
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

    /**
     * The common case (JPEG's BGR, PNG's RGB/RGBA/grey), copied straight from the byte buffer: the same samples
     * {@code getPixels} returns, without its int array and per-pixel calls (a third of decoding time before).
     */
    private static DecodedImage fromInterleavedBytes(DataBufferByte buffer, PixelInterleavedSampleModel layout,
            Raster raster, int colours, int w, int h) {
        byte[] data = buffer.getData();
        int[] bandOffsets = layout.getBandOffsets();
        int pixelStride = layout.getPixelStride();
        int scanlineStride = layout.getScanlineStride();
        // DataBufferByte.getElem(i) reads data[i + offset]; the sample model places (x, y) at y * scanline + x * stride
        int base = buffer.getOffset() - raster.getSampleModelTranslateX() * pixelStride
                - raster.getSampleModelTranslateY() * scanlineStride;
        if (base == 0 && pixelStride == colours && scanlineStride == w * colours && data.length == w * h * colours) {
            // The decoder's own array is exactly w x h pixels without padding: take it over instead of copying
            // (half a megabyte per photo; allocation, not arithmetic, dominated preparation). The image this array
            // came from is a local of the caller and is dropped, so nothing else sees the array change.
            if (colours == 1 || (bandOffsets[0] == 0 && bandOffsets[1] == 1 && bandOffsets[2] == 2)) {
                return new DecodedImage(w, h, colours, data); // PNG's RGB and grey
            }
            if (bandOffsets[0] == 2 && bandOffsets[1] == 1 && bandOffsets[2] == 0) {
                for (int p = 0; p < data.length; p += 3) { // JPEG's BGR, swapped to RGB in place
                    byte blue = data[p];
                    data[p] = data[p + 2];
                    data[p + 2] = blue;
                }
                return new DecodedImage(w, h, colours, data);
            }
        }
        byte[] out = new byte[w * h * colours];
        if (colours == 1) {
            for (int y = 0, o = 0; y < h; y++) {
                int p = base + y * scanlineStride + bandOffsets[0];
                if (pixelStride == 1) {
                    System.arraycopy(data, p, out, o, w);
                    o += w;
                } else {
                    for (int x = 0; x < w; x++, p += pixelStride) {
                        out[o++] = data[p];
                    }
                }
            }
        } else {
            int r = bandOffsets[0];
            int g = bandOffsets[1];
            int b = bandOffsets[2];
            for (int y = 0, o = 0; y < h; y++) {
                int p = base + y * scanlineStride;
                for (int x = 0; x < w; x++, p += pixelStride) {
                    out[o++] = data[p + r];
                    out[o++] = data[p + g];
                    out[o++] = data[p + b];
                }
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
