package org.rftworkbench.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decompression bombs: the header is read first and images above the pixel limit are refused undecoded. */
class ImagePixelLimitTest {
    @TempDir
    Path dir;

    @AfterEach
    void clearProperty() {
        System.clearProperty(ImageDecoding.MAX_PIXELS_PROPERTY);
    }

    /**
     * A 1-bit greyscale PNG of {@code size} x {@code size} white pixels, written chunk by chunk: the raw scanlines
     * stream through the deflater, so making a 400-megapixel file needs a few KB of heap, not 50 MB.
     */
    static byte[] oneBitPng(int size) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(size).putInt(size)
                .put((byte) 1).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0); // depth 1, grey
        chunk(png, "IHDR", ihdr.array());
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        byte[] row = new byte[1 + (size + 7) / 8]; // filter byte "none", then the packed bits
        java.util.Arrays.fill(row, 1, row.length, (byte) 0xff);
        try (OutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_COMPRESSION))) {
            for (int y = 0; y < size; y++) {
                z.write(row);
            }
        }
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(typeBytes);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    @Test
    void a400MegapixelBombIsRefusedFromItsHeaderWithOneLineNamingTheFile() throws Exception {
        byte[] bomb = oneBitPng(20_000);
        assertTrue(bomb.length < 200_000, "the bomb is small on disk: " + bomb.length + " bytes");
        Path root = dir.resolve("set");
        Files.createDirectories(root.resolve("a"));
        Path file = root.resolve("a/bomb.png");
        Files.write(file, bomb);
        ImageFolderSource source = ImageFolderSource.open(root);

        long before = usedHeap();
        DataException e = assertThrows(DataException.class, () -> source.read(0));
        assertEquals(file + ": image is 20000 x 20000 pixels (400.0 megapixels), above the limit of 50.0 megapixels"
                + " (set -Drft.maxImagePixels=N to change it)", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        // Refused from the header: decoding would have allocated 50 MB for the packed raster alone.
        assertTrue(usedHeap() - before < 40L << 20, "heap grew by " + (usedHeap() - before) + " bytes");
    }

    @Test
    void theLimitIsASystemPropertyReadAtEachImage() throws Exception {
        Path file = dir.resolve("small.png");
        Files.write(file, oneBitPng(100));
        assertEquals(100, ImageDecoding.read(file).width(), "10,000 pixels are well under the default");

        System.setProperty(ImageDecoding.MAX_PIXELS_PROPERTY, "9999");
        DataException refused = assertThrows(DataException.class, () -> ImageDecoding.read(file));
        assertTrue(refused.getMessage().startsWith(file + ": image is 100 x 100 pixels (0.0 megapixels), above"
                + " the limit of 0.0 megapixels"), refused.getMessage());

        System.setProperty(ImageDecoding.MAX_PIXELS_PROPERTY, "10000");
        assertEquals(100, ImageDecoding.read(file).height(), "the limit itself is allowed");
    }

    @Test
    void aBadLimitSettingIsAUserErrorNamingTheProperty() throws Exception {
        Path file = dir.resolve("small.png");
        Files.write(file, oneBitPng(10));
        for (String bad : new String[] {"lots", "0", "-5", "500000001"}) {
            System.setProperty(ImageDecoding.MAX_PIXELS_PROPERTY, bad);
            DataException e = assertThrows(DataException.class, () -> ImageDecoding.read(file));
            assertEquals("-Drft.maxImagePixels=" + bad + ": not a whole number of pixels from 1 to 500000000",
                    e.getMessage());
        }
    }

    @Test
    void missingAndTruncatedFilesAreOneLineErrorsNamingTheFile() throws Exception {
        Path missing = dir.resolve("gone.png");
        DataException e = assertThrows(DataException.class, () -> ImageDecoding.read(missing));
        assertEquals(missing + ": cannot read image file (missing or not readable)", e.getMessage());

        byte[] png = oneBitPng(300);
        Path truncated = dir.resolve("cut.png");
        Files.write(truncated, java.util.Arrays.copyOf(png, png.length / 2));
        DataException cut = assertThrows(DataException.class, () -> ImageDecoding.read(truncated));
        assertTrue(cut.getMessage().startsWith(truncated + ": cannot decode image: "), cut.getMessage());
        assertFalse(cut.getMessage().contains("\n"));
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
