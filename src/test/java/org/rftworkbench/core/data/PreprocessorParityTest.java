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


    @Test
    void resamplingIsBitExactOnPilDecodedPixels() throws Exception {
        List<String> report = new ArrayList<>();
        for (JsonNode c : manifest.get("cases")) {
            DecodedImage input = pilDecoded(c.get("image").asText());
            byte[] actual = new Preprocessor(configOf(c)).apply(input);
            SampleDiff diff = SampleDiff.of(golden(c), actual);
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
            SampleDiff diff = SampleDiff.of(pil.pixels(), ours.pixels());
            System.out.println("decode " + image + " (" + d.get("mode").asText() + "): " + diff);
            // JPEG too: decoding equals Pillow's bit for bit since JpegDecodingParityTest's corpus (JDK 17 and 25)
            assertEquals(0, diff.differing(), image + " " + diff);
        }
    }

    @Test
    void fileToTensorMatchesPilPipeline() throws Exception {
        for (JsonNode c : manifest.get("cases")) {
            String image = c.get("image").asText();
            byte[] actual = new Preprocessor(configOf(c)).apply(ImageDecoding.read(root.resolve(image)));
            SampleDiff diff = SampleDiff.of(golden(c), actual);
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
