package org.rftworkbench.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.testutil.TestPngs;

/** Decompression bombs: the header is read first and images above the pixel limit are refused undecoded. */
class ImagePixelLimitTest {
    @TempDir
    Path dir;

    @AfterEach
    void clearProperty() {
        System.clearProperty(ImageDecoding.MAX_PIXELS_PROPERTY);
    }

    @Test
    void a400MegapixelBombIsRefusedFromItsHeaderWithOneLineNamingTheFile() throws Exception {
        byte[] bomb = TestPngs.oneBitPng(20_000);
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
        Files.write(file, TestPngs.oneBitPng(100));
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
        Files.write(file, TestPngs.oneBitPng(10));
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

        byte[] png = TestPngs.oneBitPng(300);
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
