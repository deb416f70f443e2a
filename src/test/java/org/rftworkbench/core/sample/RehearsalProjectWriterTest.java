package org.rftworkbench.core.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.checkpoint.Checkpoint;
import org.rftworkbench.core.checkpoint.CheckpointReader;
import org.rftworkbench.core.checkpoint.CheckpointTensor;
import org.rftworkbench.core.model.ModelConfig;
import org.rftworkbench.core.model.OpenClipClassifier;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.session.ProjectCheck;
import org.rftworkbench.core.util.Hashing;
import org.rftworkbench.core.util.Progress;

/**
 * The rehearsal project generator on a tiny model and a few images (the real ViT-B/32 pair is 700 MB, so for it only
 * names, shapes and the statistics of one tensor are checked, without writing anything).
 */
class RehearsalProjectWriterTest {
    /** 1 block, width 16, 32 px images, patch 16: the same tensor names as ViT-B/32 at a few thousand parameters. */
    static final ModelConfig TINY = new ModelConfig(8, true, new ModelConfig.Vision(32, 1, 16, 16, 8, 4.0));

    @TempDir
    Path dir;

    static RehearsalProjectWriter.Settings tiny(long seed) {
        return new RehearsalProjectWriter.Settings(10, 20, 4, 8, seed, null, TINY, 0.1f, 16, List.of(0.0, 0.5, 1.0));
    }

    @Test
    void writesAnImageNetShapedProjectThatChecksClean() throws Exception {
        Path project = dir.resolve("p");
        List<String> log = new ArrayList<>();
        RehearsalProjectWriter.Report report = RehearsalProjectWriter.write(project, tiny(0), log::add, Progress.NONE);

        assertEquals(project.resolve("project.json"), report.projectFile());
        List<String> classes = Files.readAllLines(project.resolve("classes.txt"));
        assertEquals(10, classes.size());
        assertEquals(classes.stream().sorted().toList(), classes);
        assertTrue(classes.stream().allMatch(c -> c.matches("n\\d{8}")), classes.toString());

        Map<String, List<Path>> val = imagesByClass(project.resolve("val"));
        assertEquals(classes, List.copyOf(val.keySet()));
        assertTrue(val.values().stream().allMatch(files -> files.size() == 2), val.toString());
        Map<String, List<Path>> subset = imagesByClass(project.resolve("subset"));
        assertEquals(4, subset.size());
        assertTrue(classes.containsAll(subset.keySet()), subset.keySet().toString());
        assertEquals(8, subset.values().stream().mapToInt(List::size).sum());

        long bytes = 0;
        for (List<Path> files : concat(val, subset)) {
            for (Path file : files) {
                BufferedImage image = ImageIO.read(file.toFile());
                assertTrue(SyntheticPhotos.SIZES.stream()
                        .anyMatch(s -> s[0] == image.getWidth() && s[1] == image.getHeight()), file.toString());
                bytes += Files.size(file);
            }
        }
        assertEquals(bytes, report.imageBytes());

        LoadedProject loaded = ProjectStore.load(report.projectFile());
        ProjectSpec spec = loaded.spec();
        assertEquals(ProjectSpec.FORMAT_VERSION, spec.formatVersion());
        assertEquals("model/config.json", spec.model().config());
        assertEquals(List.of("val", "subset"), spec.datasets().stream().map(ProjectSpec.DatasetEntry::name).toList());
        assertEquals(List.of(ProjectSpec.Role.ID, ProjectSpec.Role.OOD),
                spec.datasets().stream().map(ProjectSpec.DatasetEntry::role).toList());
        assertEquals(List.of(0.0, 0.5, 1.0), spec.alphaGrid().values());
        assertEquals(16, spec.effectiveBatchSize());
        assertEquals(32, spec.preprocess().imageSize(), "CLIP preprocessing at the model's image size");
        assertEquals("BICUBIC", spec.preprocess().interpolation().name());

        ProjectCheck check = ProjectCheck.run(loaded);
        assertTrue(check.ok(), check.problems().toString());
        assertEquals(new RandomOpenClipWeights(TINY, 10, 0, 0.1f).parameterCount(), check.parameters());
        assertEquals(3L * (20 + 8), check.imagesPerSweep());
        assertFalse(log.isEmpty());
    }

    @Test
    void endpointsHaveTheModelsTensorsAndBIsASmallPerturbationOfA() throws Exception {
        Path project = dir.resolve("p");
        RehearsalProjectWriter.write(project, tiny(3), line -> { }, Progress.NONE);
        Map<String, float[]> a = floats(project.resolve("checkpoints/zeroshot.safetensors"));
        Map<String, float[]> b = floats(project.resolve("checkpoints/finetuned.safetensors"));
        Map<String, Shape> expected = OpenClipClassifier.expectedShapes(TINY, 10, true);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(a.keySet()));
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(b.keySet()));
        for (String name : expected.keySet()) {
            assertEquals(expected.get(name).size(), a.get(name).length, name);
            double diff = rms(a.get(name), b.get(name));
            assertTrue(diff > 0, name + ": B equals A");
            // 0.1 x the init std (uniform), or 0.1 x 0.02 for LayerNorm parameters and biases
            assertTrue(diff < 0.1 * 0.6, name + ": B - A rms " + diff);
        }
        float[] ln = a.get("visual.ln_pre.weight");
        assertTrue(allEqual(ln, 1f), Arrays.toString(ln));
        assertTrue(allEqual(a.get("classification_head.bias"), 0f));
    }

    @Test
    void theSameSeedWritesTheSameBytesAndAnotherSeedOtherBytes() throws Exception {
        RehearsalProjectWriter.write(dir.resolve("one"), tiny(7), line -> { }, Progress.NONE);
        RehearsalProjectWriter.write(dir.resolve("two"), tiny(7), line -> { }, Progress.NONE);
        RehearsalProjectWriter.write(dir.resolve("other"), tiny(8), line -> { }, Progress.NONE);
        Map<String, String> one = hashes(dir.resolve("one"));
        assertEquals(1 + 1 + 1 + 2 + 20 + 8, one.size(), one.keySet().toString());
        assertEquals(one, hashes(dir.resolve("two")));
        Map<String, String> other = hashes(dir.resolve("other"));
        assertNotEquals(one.get("checkpoints/zeroshot.safetensors"), other.get("checkpoints/zeroshot.safetensors"));
        assertNotEquals(one.get("val/n01440764/ILSVRC2012_val_00000001.JPEG"),
                other.get("val/n01440764/ILSVRC2012_val_00000001.JPEG"));
    }

    @Test
    void aFolderThatIsNotEmptyIsRefusedNamingIt() throws Exception {
        Path project = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(project.resolve("notes.txt"), "mine");
        RftException e = assertThrows(RftException.class,
                () -> RehearsalProjectWriter.write(project, tiny(0), line -> { }, Progress.NONE));
        assertTrue(e.getMessage().startsWith(project.toString()) && e.getMessage().contains("not empty")
                && !e.getMessage().contains("\n"), e.getMessage());
        assertEquals(List.of("notes.txt"), list(project));
    }

    @Test
    void fewerImagesThanClassesLeavesNoEmptyClassFolder() throws Exception {
        Path project = dir.resolve("p");
        RehearsalProjectWriter.write(project, new RehearsalProjectWriter.Settings(10, 3, 4, 1, 0, null, TINY, 0.1f,
                16, List.of(0.0, 1.0)), line -> { }, Progress.NONE);
        assertEquals(3, imagesByClass(project.resolve("val")).size());
        assertEquals(1, imagesByClass(project.resolve("subset")).size());
        assertTrue(ProjectCheck.run(ProjectStore.load(project.resolve("project.json"))).ok());
    }

    @Test
    void settingsOutOfRangeAreRefusedInOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RehearsalProjectWriter.Settings(10, 20, 11, 8, 0, null, TINY, 0.1f, 16, List.of(0.0)));
        assertTrue(e.getMessage().contains("subset classes") && e.getMessage().contains("11"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new RehearsalProjectWriter.Settings(10, 0, 4, 8, 0, null, TINY, 0.1f, 16, List.of(0.0)));
    }

    @Test
    void viTB32PairHasTheBenchmarkedParameterCountAndUsualInitScales() throws Exception {
        ModelConfig b32 = ModelConfig.builtin("ViT-B-32-quickgelu");
        RandomOpenClipWeights weights = new RandomOpenClipWeights(b32, 1000, 0, 0.1f);
        // docs/BENCHMARKS.md: ViT-B/32 shape, 88,362,216 scalars including a 1000-class head
        assertEquals(88_362_216L, weights.parameterCount());
        List<CheckpointTensor> a = weights.endpointA();
        Map<String, Shape> expected = OpenClipClassifier.expectedShapes(b32, 1000, true);
        assertEquals(List.copyOf(expected.keySet()), a.stream().map(CheckpointTensor::name).toList());
        for (CheckpointTensor t : a) {
            assertArrayEquals(expected.get(t.name()).getShape(), t.shape(), t.name());
        }
        // one 2304 x 768 tensor: uniform with std 1/sqrt(768), B - A with 0.1 of that
        String name = "visual.transformer.resblocks.5.attn.in_proj_weight";
        float[] inA = floats(a.get(indexOf(a, name)));
        float[] inB = floats(weights.endpointB().get(indexOf(a, name)));
        double std = 1 / Math.sqrt(768);
        assertEquals(std, rms(inA, new float[inA.length]), 0.01 * std);
        assertEquals(0.1 * std, rms(inA, inB), 0.01 * 0.1 * std);
        assertTrue(mean(inA) < 0.01 * std);
        assertArrayEquals(inA, floats(weights.endpointA().get(indexOf(a, name))), "regenerated bytes differ");
    }

    @Test
    void splitMix64MatchesTheReferenceSequence() {
        // first outputs of the reference C implementation (Vigna, xoshiro's seeding generator) for state 0
        RandomOpenClipWeights.SplitMix64 r = new RandomOpenClipWeights.SplitMix64(0);
        assertEquals(0xE220A8397B1DCDAFL, r.nextLong());
        assertEquals(0x6E789E6AA1B965F4L, r.nextLong());
        assertEquals(0x06C45D188009454FL, r.nextLong());
    }

    @Test
    void photosDecodeToWhatWasRenderedAndAreJpegSizedLikePhotos() throws Exception {
        long total = 0;
        for (int i = 0; i < 6; i++) {
            BufferedImage rendered = SyntheticPhotos.render(0, i);
            byte[] jpeg = SyntheticPhotos.jpeg(0, i);
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
            assertEquals(rendered.getWidth(), decoded.getWidth());
            assertEquals(rendered.getHeight(), decoded.getHeight());
            assertTrue(meanAbsDifference(rendered, decoded) < 6, "JPEG far from the rendered image: " + i);
            assertTrue(pixelStd(rendered) > 20, "photo " + i + " is nearly flat");
            total += jpeg.length;
        }
        long average = total / 6;
        assertTrue(average > 40_000 && average < 250_000, "average JPEG " + average + " bytes");
    }

    // helpers

    private static Map<String, List<Path>> imagesByClass(Path root) throws IOException {
        Map<String, List<Path>> out = new TreeMap<>();
        for (String c : list(root)) {
            List<Path> files = new ArrayList<>();
            try (Stream<Path> s = Files.list(root.resolve(c))) {
                s.sorted().forEach(files::add);
            }
            out.put(c, files);
        }
        return out;
    }

    @SafeVarargs
    private static List<List<Path>> concat(Map<String, List<Path>>... maps) {
        List<List<Path>> out = new ArrayList<>();
        for (Map<String, List<Path>> m : maps) {
            out.addAll(m.values());
        }
        return out;
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Map<String, String> hashes(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString().replace('\\', '/'), Hashing.sha256(p));
            }
        }
        return out;
    }

    private static Map<String, float[]> floats(Path file) throws Exception {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (Checkpoint c = CheckpointReader.open(file)) {
            for (CheckpointTensor t : c.tensors()) {
                out.put(t.name(), floats(t));
            }
        }
        return out;
    }

    private static float[] floats(CheckpointTensor t) {
        FloatBuffer buffer = t.bytes().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static int indexOf(List<CheckpointTensor> tensors, String name) {
        for (int i = 0; i < tensors.size(); i++) {
            if (tensors.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no tensor " + name);
    }

    private static double rms(float[] x, float[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            s += d * d;
        }
        return Math.sqrt(s / x.length);
    }

    private static double mean(float[] x) {
        double s = 0;
        for (float v : x) {
            s += v;
        }
        return Math.abs(s / x.length);
    }

    private static boolean allEqual(float[] x, float v) {
        for (float f : x) {
            if (f != v) {
                return false;
            }
        }
        return true;
    }

    private static double meanAbsDifference(BufferedImage a, BufferedImage b) {
        double s = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    s += Math.abs(((p >> shift) & 255) - ((q >> shift) & 255));
                }
            }
        }
        return s / (3.0 * a.getWidth() * a.getHeight());
    }

    private static double pixelStd(BufferedImage a) {
        double s = 0;
        double s2 = 0;
        long n = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int g = (a.getRGB(x, y) >> 8) & 255;
                s += g;
                s2 += (double) g * g;
                n++;
            }
        }
        double m = s / n;
        return Math.sqrt(s2 / n - m * m);
    }
}
