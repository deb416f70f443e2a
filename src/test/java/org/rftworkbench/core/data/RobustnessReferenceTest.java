package org.rftworkbench.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rftworkbench.core.util.FileAccessPolicy;

/**
 * The ObjectNet border crop, the ObjectNet max projection and .npy arrays against goldens written by
 * tools/reference/make_robustness_goldens.py (PIL's crop and resize, wise-ft's project_logits, numpy.save).
 */
class RobustnessReferenceTest {
    static final List<String> HEAD = IntStream.range(0, 10).mapToObj(i -> "class" + i).toList();
    private static Path root;
    private static JsonNode manifest;

    @BeforeAll
    static void load() throws Exception {
        root = PreprocessorParityTest.resource("data/robustness");
        manifest = new ObjectMapper().readTree(root.resolve("manifest.json").toFile());
    }

    /** The committed objectnet_map.json, read as the project loader would. */
    static Map<String, List<String>> objectNetMap(Path file) throws Exception {
        Map<String, List<String>> map = new LinkedHashMap<>();
        new ObjectMapper().readTree(file.toFile()).fields().forEachRemaining(e -> {
            List<String> v = new ArrayList<>();
            e.getValue().forEach(x -> v.add(x.asText()));
            map.put(e.getKey(), v);
        });
        return map;
    }

    private static int indexOf(ImageFolderSource s, String relative) {
        for (int i = 0; i < s.size(); i++) {
            if (s.file(i).endsWith(relative.substring(relative.indexOf('/') + 1))) {
                return i;
            }
        }
        throw new AssertionError("not in the source: " + relative);
    }

    @Test
    void borderCropThenPreprocessingEqualsPil() throws Exception {
        ImageFolderSource objectNet = ImageFolderSource.open(root.resolve("objectnet"), "objectnet",
                FileAccessPolicy.ALLOW_ALL,
                FolderLabeling.objectNet(objectNetMap(root.resolve("objectnet_map.json")), HEAD, "map"));
        ImageFolderSource plain = ImageFolderSource.open(root.resolve("objectnet"), "plain");
        int cases = 0;
        for (JsonNode c : manifest.get("objectnet_crop")) {
            String image = c.get("image").asText();
            PreprocessConfig config = PreprocessConfig.clip(c.get("size").asInt());
            byte[] golden = Files.readAllBytes(root.resolve("goldens").resolve(c.get("golden").asText()));
            byte[] actual = new Preprocessor(config).apply(objectNet.read(indexOf(objectNet, image)));
            assertArrayEquals(golden, actual, image + " size " + config.imageSize());
            byte[] uncropped = new Preprocessor(config).apply(plain.read(indexOf(plain, image)));
            assertFalse(Arrays.equals(golden, uncropped), "the crop must matter for " + image);
            cases++;
        }
        assertEquals(8, cases);
    }

    @Test
    void maxProjectionEqualsWiseFtProjectLogits() {
        JsonNode p = manifest.get("projection");
        int[][] groups = new int[p.get("groups").size()][];
        for (int k = 0; k < groups.length; k++) {
            JsonNode g = p.get("groups").get(k);
            groups[k] = IntStream.range(0, g.size()).map(i -> g.get(i).asInt()).toArray();
        }
        ClassMapping mapping = ClassMapping.maxOver(groups, p.get("head_classes").asInt());
        assertTrue(mapping.isProjection());
        assertEquals(groups.length, mapping.datasetClassCount());
        assertArrayEquals(new int[] {0, 1, 3, 4, 7}, mapping.usedHeadIndices());
        int rows = p.get("logits").size();
        float[] logits = new float[rows * 10];
        for (int r = 0; r < rows; r++) {
            for (int h = 0; h < 10; h++) {
                logits[r * 10 + h] = (float) p.get("logits").get(r).get(h).asDouble();
            }
        }
        for (int r = 0; r < rows; r++) {
            float[] out = new float[groups.length + 1];
            mapping.project(logits, r * 10, out, 1);
            for (int k = 0; k < groups.length; k++) {
                assertEquals(p.get("projected").get(r).get(k).asDouble(), out[k + 1], 0.0, "row " + r + " class " + k);
            }
            int argmax = out[1] >= out[2] ? 0 : 1;
            assertEquals(p.get("argmax").get(r).asInt(), argmax, "row " + r);
        }
    }

    @Test
    void projectionPropagatesNaN() {
        ClassMapping mapping = ClassMapping.maxOver(new int[][] {{0, 1}, {2}}, 3);
        float[] out = new float[2];
        mapping.project(new float[] {1f, Float.NaN, 0f}, 0, out, 0);
        assertTrue(Float.isNaN(out[0]));
        assertEquals(0f, out[1]);
    }

    @Test
    void npyImagesAndLabelsEqualNumpy() throws Exception {
        JsonNode n = manifest.get("npy");
        NpyImageSource s = NpyImageSource.open("cifar", root.resolve(n.get("images").asText()),
                root.resolve(n.get("labels").asText()), HEAD);
        byte[] raw = Files.readAllBytes(root.resolve(n.get("raw").asText()));
        int count = n.get("shape").get(0).asInt();
        int h = n.get("shape").get(1).asInt();
        int w = n.get("shape").get(2).asInt();
        assertEquals(count, s.size());
        assertFalse(s.allGreyscale());
        for (int i = 0; i < count; i++) {
            DecodedImage img = s.read(i);
            assertEquals(w, img.width());
            assertEquals(h, img.height());
            assertEquals(3, img.channels());
            assertArrayEquals(Arrays.copyOfRange(raw, i * h * w * 3, (i + 1) * h * w * 3), img.pixels(), "image " + i);
            assertEquals(n.get("label_values").get(i).asInt(), s.label(i), "label " + i);
        }
    }

    @Test
    void greyNpyWithEveryLabelDtype() throws Exception {
        JsonNode n = manifest.get("npy_grey");
        byte[] raw = Files.readAllBytes(root.resolve(n.get("raw").asText()));
        for (var dtype : List.of("int32", "uint8", "int16")) {
            NpyImageSource s = NpyImageSource.open("grey", root.resolve(n.get("images").asText()),
                    root.resolve(n.get("labels").get(dtype).asText()), HEAD);
            assertTrue(s.allGreyscale());
            assertEquals(3, s.size());
            assertArrayEquals(Arrays.copyOfRange(raw, 20, 40), s.read(1).pixels());
            assertArrayEquals(new int[] {2, 0, 9}, IntStream.range(0, 3).map(s::label).toArray(), dtype);
        }
    }
}
