package org.rftworkbench.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parity with PIL + torchvision's CLIP transform, against goldens from tools/reference/make_preprocess_goldens.py.
 * Resampling is checked on PIL's own decoded pixels (must be bit-exact); decoding and the whole file-to-tensor
 * path are checked on the image files (PNG must be exact; JPEG decoders may differ by a level).
 */
class PreprocessorParityTest {
    private static Path root;
    private static JsonNode manifest;

    @BeforeAll
    static void loadManifest() throws Exception {
        root = resource("data");
        manifest = new ObjectMapper().readTree(root.resolve("goldens/manifest.json").toFile());
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(PreprocessorParityTest.class.getClassLoader().getResource(name).toURI());
    }

    /** PIL's decoded pixels of an image file, as a DecodedImage (grey stays 1 channel). */
    private static DecodedImage pilDecoded(String image) throws Exception {
        for (JsonNode d : manifest.get("decoded")) {
            if (d.get("image").asText().equals(image)) {
                JsonNode shape = d.get("shape");
                int channels = shape.size() == 2 ? 1 : shape.get(2).asInt();
                return new DecodedImage(shape.get(1).asInt(), shape.get(0).asInt(), channels,
                        Files.readAllBytes(root.resolve("goldens").resolve(d.get("golden").asText())));
            }
        }
        throw new AssertionError("no decoded golden for " + image);
    }

    private static byte[] golden(JsonNode c) throws Exception {
        return Files.readAllBytes(root.resolve("goldens").resolve(c.get("golden").asText()));
    }

    private static PreprocessConfig configOf(JsonNode c) {
        return new PreprocessConfig(c.get("size").asInt(), true,
                Interpolation.valueOf(c.get("interpolation").asText()), true,
                PreprocessConfig.CLIP_MEAN, PreprocessConfig.CLIP_STD);
    }

    /** Number of samples that differ, and the largest difference. */
    private record Diff(int differing, int max, int total) {
        static Diff of(byte[] expected, byte[] actual) {
            assertEquals(expected.length, actual.length, "length");
            int differing = 0;
            int max = 0;
            for (int i = 0; i < expected.length; i++) {
                int d = Math.abs((expected[i] & 0xFF) - (actual[i] & 0xFF));
                if (d != 0) {
                    differing++;
                    max = Math.max(max, d);
                }
            }
            return new Diff(differing, max, expected.length);
        }
    }

    @Test
    void resamplingIsBitExactOnPilDecodedPixels() throws Exception {
        List<String> report = new ArrayList<>();
        for (JsonNode c : manifest.get("cases")) {
            DecodedImage input = pilDecoded(c.get("image").asText());
            byte[] actual = new Preprocessor(configOf(c)).apply(input);
            Diff diff = Diff.of(golden(c), actual);
            report.add(c.get("golden").asText() + ": " + diff);
            assertEquals(0, diff.differing(), c.get("golden").asText() + " " + diff);
        }
        System.out.println("resampling parity (PIL-decoded input):\n  " + String.join("\n  ", report));
        assertTrue(report.size() >= 10, "all golden cases were run");
    }

    @Test
    void imageIoDecodingMatchesPil() throws Exception {
        for (JsonNode d : manifest.get("decoded")) {
            String image = d.get("image").asText();
            DecodedImage ours = ImageDecoding.read(root.resolve(image));
            DecodedImage pil = pilDecoded(image);
            assertEquals(pil.width(), ours.width(), image);
            assertEquals(pil.height(), ours.height(), image);
            assertEquals(pil.channels(), ours.channels(), image);
            Diff diff = Diff.of(pil.pixels(), ours.pixels());
            System.out.println("decode " + image + " (" + d.get("mode").asText() + "): " + diff);
            if (image.endsWith(".png")) {
                assertEquals(0, diff.differing(), image + " " + diff);
            } else {
                // libjpeg (ImageIO) vs libjpeg-turbo (PIL): same IDCT family, allow off-by-one on few samples
                assertTrue(diff.max() <= 1 && diff.differing() <= diff.total() / 100, image + " " + diff);
            }
        }
    }

    @Test
    void fileToTensorMatchesPilPipeline() throws Exception {
        for (JsonNode c : manifest.get("cases")) {
            String image = c.get("image").asText();
            byte[] actual = new Preprocessor(configOf(c)).apply(ImageDecoding.read(root.resolve(image)));
            Diff diff = Diff.of(golden(c), actual);
            System.out.println("end-to-end " + c.get("golden").asText() + ": " + diff);
            if (image.endsWith(".png")) {
                assertEquals(0, diff.differing(), c.get("golden").asText() + " " + diff);
            } else {
                assertTrue(diff.max() <= 1 && diff.differing() <= diff.total() / 100, image + " " + diff);
            }
        }
    }

    @Test
    void greyOutputReplicatesOnePlane() throws Exception {
        DecodedImage grey = pilDecoded("images/cls_b/grey_28x28.png");
        byte[] rgb = new Preprocessor(PreprocessConfig.clip(20)).apply(grey);
        byte[] one = new byte[20 * 20];
        new Preprocessor(PreprocessConfig.clip(20)).apply(grey, 1, one, 0);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < one.length; i++) {
                assertEquals(one[i], rgb[c * one.length + i]);
            }
        }
    }
}
