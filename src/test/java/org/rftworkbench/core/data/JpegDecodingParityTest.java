package org.rftworkbench.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Point;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JPEG decoding parity with Pillow on a corpus of baseline, progressive, greyscale, CMYK/YCCK, ICC-tagged,
 * restart-marker, 4:4:4 / 4:2:2 / 4:2:0 / 4:4:0 / 4:1:1 and arithmetic-coded JPEGs written by Pillow, ImageMagick and
 * libjpeg-turbo's cjpeg, and Pillow files with edited markers (tools/reference/make_jpeg_corpus.py), against
 * Pillow 9.4 + libjpeg-turbo 2.1.5's {@code Image.open(f).convert("RGB")} (tools/reference/make_jpeg_goldens.py).
 * Every file must decode bit-exactly, on Debian's OpenJDK (system libjpeg-turbo) as on JDKs that bundle libjpeg 6b
 * (Temurin, Oracle); the one allowed exception is an arithmetic-coded file on a runtime whose decoder lacks
 * arithmetic decoding, which must then be a one-line error naming the file. docs/JPEG-DECODING.md has the table.
 */
class JpegDecodingParityTest {
    private static Path dir;
    private static JsonNode golden;

    @BeforeAll
    static void loadGoldens() throws Exception {
        dir = PreprocessorParityTest.resource("data/jpeg-corpus");
        golden = new ObjectMapper().readTree(dir.resolve("golden.json").toFile());
    }

    @AfterEach
    void clearProperty() {
        System.clearProperty(ImageDecoding.MAX_PIXELS_PROPERTY);
    }

    /** Pillow's RGB bytes (HWC) for a corpus entry, checked against the sha256 that the golden script recorded. */
    private static byte[] pillowRgb(JsonNode entry) throws Exception {
        BufferedImage png = ImageIO.read(dir.resolve(entry.get("rgb").asText()).toFile());
        int w = png.getWidth();
        int h = png.getHeight();
        assertEquals(entry.get("width").asInt(), w, entry.get("rgb").asText());
        assertEquals(entry.get("height").asInt(), h, entry.get("rgb").asText());
        assertEquals(3, png.getRaster().getNumBands(), entry.get("rgb").asText());
        int[] samples = png.getRaster().getPixels(0, 0, w, h, (int[]) null);
        byte[] rgb = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            rgb[i] = (byte) samples[i];
        }
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(rgb));
        assertEquals(entry.get("sha256").asText(), sha, entry.get("rgb").asText() + " is not the golden's bytes");
        return rgb;
    }

    /** Our decoded image as RGB bytes (grey replicated, as Pillow's convert("RGB") does). */
    private static byte[] asRgb(DecodedImage image) {
        if (image.channels() == 3) {
            return image.pixels();
        }
        byte[] rgb = new byte[image.pixels().length * 3];
        for (int p = 0; p < image.pixels().length; p++) {
            rgb[3 * p] = image.pixels()[p];
            rgb[3 * p + 1] = image.pixels()[p];
            rgb[3 * p + 2] = image.pixels()[p];
        }
        return rgb;
    }


    @Test
    void everyCorpusFileDecodesExactlyLikePillow() throws Exception {
        List<String> report = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int exact = 0;
        for (JsonNode entry : golden.get("files")) {
            String name = entry.get("file").asText();
            Path file = dir.resolve(name);
            assertFalse(entry.has("error"), name + ": Pillow could not decode it: " + entry.path("error").asText());
            byte[] expected = pillowRgb(entry);
            DecodedImage ours;
            try {
                ours = ImageDecoding.read(file);
            } catch (DataException e) {
                String message = e.getMessage();
                boolean allowed = "arithmetic".equals(entry.get("sof").asText())
                        && message.startsWith(file + ": cannot decode this arithmetic-coded JPEG with this Java"
                                + " runtime's JPEG decoder") && !message.contains("\n");
                report.add(String.format(Locale.ROOT, "%-30s not decoded by this runtime: %s", name, message));
                if (!allowed) {
                    failures.add(name + ": " + message);
                }
                continue;
            }
            assertEquals(entry.get("width").asInt(), ours.width(), name);
            assertEquals(entry.get("height").asInt(), ours.height(), name);
            assertEquals("L".equals(entry.get("mode").asText()) ? 1 : 3, ours.channels(), name + " channels");
            SampleDiff diff = SampleDiff.of(expected, asRgb(ours));
            report.add(String.format(Locale.ROOT, "%-30s %-5s %s", name, entry.get("mode").asText(), diff));
            if (diff.differing() == 0) {
                exact++;
            } else {
                failures.add(name + ": " + diff);
            }
        }
        System.out.println("JPEG decoding vs Pillow " + golden.get("pillow").asText() + " (libjpeg-turbo "
                + golden.get("libjpeg_turbo_version").asText() + "), Java " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vendor") + "), 4:4:0 rows repeated by this runtime: "
                + JpegRasterConversion.runtimeRepeatsVerticalChroma() + "\n  " + String.join("\n  ", report));
        assertEquals(List.of(), failures, "files that do not decode exactly like Pillow");
        assertTrue(exact >= golden.get("files").size() - 1, "all but at most the arithmetic-coded file were compared");
    }

    @Test
    void theCorpusCoversTheKindsOfJpegItClaims() {
        List<String> kinds = new ArrayList<>();
        for (JsonNode entry : golden.get("files")) {
            String sampling = entry.get("components").toString();
            kinds.add(entry.get("sof").asText());
            kinds.add(entry.get("mode").asText());
            kinds.add("adobe" + entry.get("adobe_transform").asText());
            kinds.add(entry.get("icc").asBoolean() ? "icc-" + entry.get("mode").asText() : "no-icc");
            kinds.add(entry.get("restart_interval").asInt() > 0 ? "restart" : "no-restart");
            kinds.add(entry.get("file").asText().substring(0, entry.get("file").asText().indexOf('_')));
            kinds.add(sampling.replaceAll("\\[(\\d+),", "[").replace("[[", "[").replace("]]", "]"));
        }
        for (String kind : List.of("baseline", "progressive", "arithmetic", "RGB", "L", "CMYK", "adobe0", "adobe2",
                "icc-RGB", "icc-L", "icc-CMYK", "restart", "pil", "im", "cjpeg", "mark",
                "[2,2],[1,1],[1,1]", "[2,1],[1,1],[1,1]", "[1,1],[1,1],[1,1]", "[1,2],[1,1],[1,1]",
                "[4,1],[1,1],[1,1]")) {
            assertTrue(kinds.contains(kind), "the corpus has no " + kind + " file: " + kinds);
        }
    }

    @Test
    void theHeaderScanReadsWhatTheGoldenScriptRead() throws Exception {
        for (JsonNode entry : golden.get("files")) {
            String name = entry.get("file").asText();
            JpegHeader header = JpegHeader.scan(Files.readAllBytes(dir.resolve(name)));
            assertNotNull(header, name);
            JsonNode components = entry.get("components");
            assertEquals(components.size(), header.components(), name);
            for (int c = 0; c < components.size(); c++) {
                assertEquals(components.get(c).get(0).asInt(), header.componentIds()[c], name + " id " + c);
                assertEquals(components.get(c).get(1).asInt(), header.hSampling()[c], name + " h " + c);
                assertEquals(components.get(c).get(2).asInt(), header.vSampling()[c], name + " v " + c);
            }
            assertEquals(entry.get("jfif").asBoolean(), header.jfif(), name + " JFIF");
            assertEquals(entry.get("adobe_transform").isNull() ? -1 : entry.get("adobe_transform").asInt(),
                    header.adobeTransform(), name + " Adobe transform");
            assertEquals(entry.get("icc").asBoolean(), header.hasIccProfile(), name + " ICC");
            assertEquals("arithmetic".equals(entry.get("sof").asText()), header.arithmetic(), name + " arithmetic");
            JpegHeader.ColourSpace expected = switch (entry.get("mode").asText()) {
                case "L" -> JpegHeader.ColourSpace.GREY;
                case "CMYK" -> entry.get("adobe_transform").asInt(-1) == 2 ? JpegHeader.ColourSpace.YCCK
                        : JpegHeader.ColourSpace.CMYK;
                default -> name.startsWith("cjpeg_rgb") ? JpegHeader.ColourSpace.RGB : JpegHeader.ColourSpace.YCBCR;
            };
            assertEquals(expected, header.colourSpace(), name + " colour space");
        }
        assertNull(JpegHeader.scan(Files.readAllBytes(PreprocessorParityTest.resource(
                "data/images/cls_a/gradient_37x23.png"))), "a PNG is not a JPEG");
        assertNull(JpegHeader.scan(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 99}),
                "a segment running past the end");
    }

    @Test
    void hidingTheIccProfileRenamesOnlyItsIdentifier() throws Exception {
        byte[] bytes = Files.readAllBytes(dir.resolve("pil_icc_adobergb.jpg"));
        byte[] before = bytes.clone();
        JpegHeader header = JpegHeader.scan(bytes);
        assertTrue(header.hasIccProfile());
        header.hideIccProfiles(bytes);
        int changed = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != before[i]) {
                changed++;
                assertTrue(i >= header.iccSegments()[0] && i < header.iccSegments()[0] + 12, "byte " + i);
            }
        }
        assertEquals(7, changed, "\"PROFILE\" -> \"IGNORED\": seven letters change");
        JpegHeader after = JpegHeader.scan(bytes);
        assertFalse(after.hasIccProfile());
        assertArrayEquals(header.componentIds(), after.componentIds());
        // the file on disk is untouched by decoding
        ImageDecoding.read(dir.resolve("pil_icc_adobergb.jpg"));
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("pil_icc_adobergb.jpg")));
    }

    /**
     * The runtime probe agrees with what plain ImageIO does on a 4:4:0 corpus file: where it says rows are repeated
     * (libjpeg 6b), ImageIO's own RGB differs from Pillow's; where it says they are interpolated, it equals it.
     */
    @Test
    void theVerticalChromaProbeDescribesThisRuntime() throws Exception {
        JsonNode entry = null;
        for (JsonNode e : golden.get("files")) {
            if (e.get("file").asText().equals("im_440.jpg")) {
                entry = e;
            }
        }
        assertNotNull(entry, "im_440.jpg in the golden");
        BufferedImage plain = ImageIO.read(dir.resolve("im_440.jpg").toFile());
        SampleDiff diff = SampleDiff.of(pillowRgb(entry), ImageDecoding.toDecoded(plain).pixels());
        System.out.println("im_440.jpg through plain ImageIO on this runtime: " + diff);
        if (JpegRasterConversion.runtimeRepeatsVerticalChroma()) {
            assertNotEquals(0, diff.differing(), "the probe says rows are repeated, yet ImageIO matched Pillow");
        } else {
            assertEquals(0, diff.differing(), "the probe says rows are interpolated, yet ImageIO differs");
        }
    }

    /**
     * The triangle filter on repeated rows, on a hand-made raster that any runtime can run (the corpus exercises it
     * only where the runtime repeats rows). An RGB JPEG layout (Adobe transform 0) avoids the colour conversion, so
     * the filtered samples come out as they are: decoded rows 0, 100, 200 become 0, 25, 75, 125, 175, 200 by
     * (3 nearer + farther + 1 or 2) / 4, with the edge rows standing in for their missing neighbours.
     */
    @Test
    void repeatedRowsGetLibjpegTurbosTriangleFilter() {
        JpegHeader header = new JpegHeader(0xC0, new int[] {'R', 'G', 'B'}, new int[] {1, 1, 1},
                new int[] {2, 1, 1}, false, 0, new int[0]);
        int[] decodedG = {0, 100, 200};
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 2, 6, 3, new Point(0, 0));
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 2; x++) {
                raster.setPixel(x, y, new int[] {7 * y, decodedG[y / 2], 255 - decodedG[y / 2]});
            }
        }
        DecodedImage out = JpegRasterConversion.toPillowRgb(raster, header, true);
        int[] expectedG = {0, 25, 75, 125, 175, 200};
        int[] expectedB = {255, 230, 180, 130, 80, 55};
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 2; x++) {
                assertEquals(7 * y, out.sample(x, y, 0), "full-size component untouched, row " + y);
                assertEquals(expectedG[y], out.sample(x, y, 1), "G row " + y);
                assertEquals(expectedB[y], out.sample(x, y, 2), "B row " + y);
            }
        }
        DecodedImage unsmoothed = JpegRasterConversion.toPillowRgb(raster, header, false);
        assertEquals(100, unsmoothed.sample(0, 3, 1), "without smoothing the rows stay as decoded");
    }

    /**
     * Damaged files on the new paths (header scan, ICC hiding, raw rasters): truncated or with bytes overwritten in
     * the header, each decodes or fails with a one-line DataException naming the file, never another exception.
     */
    @Test
    void damagedJpegsFailWithOneLineNamingTheFile(@TempDir Path tmp) throws Exception {
        Random random = new Random(14);
        Path file = tmp.resolve("damaged.jpg");
        int decoded = 0;
        int refused = 0;
        for (String name : List.of("pil_icc_cmyk.jpg", "im_cmyk.jpg", "im_440.jpg", "cjpeg_arithmetic.jpg")) {
            byte[] valid = Files.readAllBytes(dir.resolve(name));
            for (int i = 0; i < 60; i++) {
                byte[] bytes;
                if (i % 3 == 0) {
                    bytes = Arrays.copyOf(valid, 2 + random.nextInt(valid.length - 2));
                } else {
                    bytes = valid.clone();
                    int header = Math.min(bytes.length, 700);
                    for (int k = 0; k < 1 + random.nextInt(4); k++) {
                        bytes[2 + random.nextInt(header - 2)] = (byte) random.nextInt(256);
                    }
                }
                Files.write(file, bytes);
                try {
                    DecodedImage image = ImageDecoding.read(file);
                    assertTrue(image.width() > 0);
                    decoded++;
                } catch (DataException e) {
                    assertTrue(e.getMessage().startsWith(file + ": ") && !e.getMessage().contains("\n"),
                            name + " #" + i + ": " + e.getMessage());
                    refused++;
                }
            }
        }
        System.out.println("damaged JPEGs: " + decoded + " decoded, " + refused + " refused");
        assertTrue(refused > 0, "some damage must be detected");
    }

    @Test
    void theRawRasterPathKeepsThePixelLimit() throws Exception {
        System.setProperty(ImageDecoding.MAX_PIXELS_PROPERTY, "1000");
        Path file = dir.resolve("pil_cmyk.jpg");
        DataException e = assertThrows(DataException.class, () -> ImageDecoding.read(file));
        assertTrue(e.getMessage().startsWith(file + ": image is 65 x 49 pixels"), e.getMessage());
    }
}
