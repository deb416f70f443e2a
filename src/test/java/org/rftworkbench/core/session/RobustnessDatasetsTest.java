package org.rftworkbench.core.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.data.ClassMapping;
import org.rftworkbench.core.data.ImageSource;
import org.rftworkbench.core.data.PreparedDataset;
import org.rftworkbench.core.data.TensorCache;
import org.rftworkbench.core.eval.DatasetMetrics;
import org.rftworkbench.core.eval.Evaluator;
import org.rftworkbench.core.interpolate.AlphaOverrides;
import org.rftworkbench.core.model.ModelConfig;
import org.rftworkbench.core.model.Models;
import org.rftworkbench.core.model.OpenClipClassifier;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.sharpness.SharpnessHeatmap;
import org.rftworkbench.core.sharpness.SharpnessSettings;
import org.rftworkbench.core.util.Progress;
import org.rftworkbench.testutil.Goldens;
import org.rftworkbench.testutil.TinyProject;

/**
 * The robustness-suite dataset options from project JSON to metrics, on the tiny reference model: ObjectNet
 * (labelMap file + protocol objectnet), ImageNetV2 (folderLabels index), an inline many-to-one labelMap and .npy
 * arrays. Expected metrics are recomputed here from the model's raw head logits, following the documented
 * protocol, independently of ClassMapping and the evaluator.
 */
class RobustnessDatasetsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private OpenClipClassifier model;
    private LoadedProject project;

    @BeforeEach
    void setUp() throws Exception {
        Path file = TinyProject.create(dir);
        Path resources = Path.of(getClass().getResource("/data/robustness").toURI());
        copyTree(resources.resolve("objectnet"), dir.resolve("objectnet"));
        Files.copy(resources.resolve("objectnet_map.json"), dir.resolve("objectnet_map.json"));
        Files.createDirectories(dir.resolve("cifar"));
        Files.copy(resources.resolve("npy/cifar_style_data.npy"), dir.resolve("cifar/data.npy"));
        Files.copy(resources.resolve("npy/cifar_style_labels.npy"), dir.resolve("cifar/labels.npy"));
        Random random = new Random(7);
        for (String f : List.of("0", "2", "9")) { // ImageNetV2: folder = head class index
            images(dir.resolve("v2").resolve(f), 2, random);
        }
        for (String f : List.of("dogs", "puppies", "cats", "misc")) {
            images(dir.resolve("relabelled").resolve(f), 2, random);
        }
        ObjectNode tree = (ObjectNode) JSON.readTree(file.toFile());
        ArrayNode datasets = (ArrayNode) tree.get("datasets");
        datasets.add(JSON.readTree("""
                {"name": "objectnet", "role": "ood", "format": "imagefolder", "images": "objectnet",
                 "labelMap": "objectnet_map.json", "protocol": "objectnet"}"""));
        datasets.add(JSON.readTree("""
                {"name": "v2", "role": "ood", "format": "imagefolder", "images": "v2", "folderLabels": "index"}"""));
        datasets.add(JSON.readTree("""
                {"name": "relabelled", "role": "ood", "format": "imagefolder", "images": "relabelled",
                 "labelMap": {"dogs": "class3", "puppies": 3, "cats": "class5"}}"""));
        datasets.add(JSON.readTree("""
                {"name": "cifar", "role": "ood", "format": "npy", "images": "cifar/data.npy",
                 "labels": "cifar/labels.npy"}"""));
        JSON.writeValue(file.toFile(), tree);
        project = ProjectStore.load(file);

        Models.prepareComputeThread();
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = Goldens.decode(m, Goldens.TINY_VIT.resolve("a.safetensors"));
            model = OpenClipClassifier.copyOf(ModelConfig.read(Goldens.TINY_VIT.resolve("config_quickgelu.json")),
                    tensors, Device.cpu(), "a");
        }
    }

    @AfterEach
    void tearDown() {
        if (model != null) {
            model.close();
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void images(Path folder, int n, Random random) throws Exception {
        Files.createDirectories(folder);
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(36, 34, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 34; y++) {
                for (int x = 0; x < 36; x++) {
                    img.setRGB(x, y, random.nextInt(1 << 24));
                }
            }
            ImageIO.write(img, "png", folder.resolve("i" + i + ".png").toFile());
        }
    }

    private ProjectSpec.DatasetEntry entry(String name) {
        return project.spec().datasets().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }

    private record Run(ImageSource source, PreparedDataset data, ClassMapping mapping, DatasetMetrics metrics,
            float[][] logits) {
    }

    private Run run(String name) throws Exception {
        ImageSource source = DatasetSources.open(project, entry(name), TinyProject.CLASSES);
        PreparedDataset data = new TensorCache(dir.resolve("cache")).prepare(source,
                project.spec().preprocess(), Progress.NONE);
        ClassMapping mapping = DatasetSources.mapping(source, data.classNames(), TinyProject.CLASSES, name);
        DatasetMetrics metrics;
        try (Evaluator e = new Evaluator(model, 3)) {
            metrics = e.evaluate(data, mapping, Progress.NONE);
        }
        // the raw head logits, one forward over the whole (small) dataset
        float[] x = new float[data.size() * data.floatsPerImage()];
        data.readNormalized(0, data.size(), x);
        float[][] logits = new float[data.size()][];
        try (NDManager m = model.manager().newSubManager()) {
            int s = data.imageSize();
            float[] flat = model.forward(m.create(x, new Shape(data.size(), 3, s, s)), false).toFloatArray();
            int classes = flat.length / data.size();
            for (int i = 0; i < data.size(); i++) {
                logits[i] = java.util.Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
            }
        }
        return new Run(source, data, mapping, metrics, logits);
    }

    /** Top-1 hits and summed cross-entropy of rows of class scores against targets (ties: lowest index wins). */
    private static double[] score(List<double[]> rows, int[] targets) {
        long hits = 0;
        double loss = 0;
        for (int i = 0; i < rows.size(); i++) {
            double[] z = rows.get(i);
            int best = 0;
            double max = z[0];
            for (int k = 1; k < z.length; k++) {
                if (z[k] > z[best]) {
                    best = k;
                }
                max = Math.max(max, z[k]);
            }
            double sum = 0;
            for (double v : z) {
                sum += Math.exp(v - max);
            }
            loss += max + Math.log(sum) - z[targets[i]];
            hits += best == targets[i] ? 1 : 0;
        }
        return new double[] {hits, loss};
    }

    private static void assertMetrics(double[] expected, DatasetMetrics actual, int n) {
        assertEquals(n, actual.n());
        assertEquals((long) expected[0], actual.correctTop1(), "top-1 hits");
        assertEquals(expected[1] / n, actual.loss(), 1e-5, "mean loss");
    }

    @Test
    void objectNetScoresTheMaxOverEachFoldersHeadClassesOnCroppedImages() throws Exception {
        Run r = run("objectnet");
        assertTrue(r.mapping().isProjection());
        assertEquals(List.of("alarm_clock", "chair"), r.data().classNames());
        assertEquals(4, r.data().size(), "the unmapped folder is skipped");
        JsonNode map = JSON.readTree(dir.resolve("objectnet_map.json").toFile());
        List<String> folders = List.of("alarm_clock", "chair"); // sorted mapping keys
        List<double[]> rows = new ArrayList<>();
        int[] targets = new int[r.data().size()];
        for (int i = 0; i < r.data().size(); i++) {
            double[] z = new double[folders.size()];
            for (int k = 0; k < folders.size(); k++) {
                z[k] = Double.NEGATIVE_INFINITY;
                for (JsonNode headClass : map.get(folders.get(k))) {
                    int h = TinyProject.CLASSES.indexOf(headClass.asText());
                    z[k] = Math.max(z[k], r.logits()[i][h]);
                }
            }
            rows.add(z);
            targets[i] = r.data().label(i);
        }
        assertArrayEquals(new int[] {0, 0, 1, 1}, targets);
        assertMetrics(score(rows, targets), r.metrics(), 4);
        assertEquals(1.0, r.metrics().top5(), "two classes: every image is in the top 5");
        assertEquals("dataset objectnet: 1 folders not in the label map skipped", DatasetSources.note(r.source()));
    }

    @Test
    void imageNetV2RestrictsToTheHeadIndicesOfItsFolders() throws Exception {
        Run r = run("v2");
        assertEquals(List.of("class0", "class2", "class9"), r.data().classNames());
        int[] head = {0, 2, 9};
        List<double[]> rows = new ArrayList<>();
        int[] targets = new int[r.data().size()];
        for (int i = 0; i < r.data().size(); i++) {
            double[] z = new double[head.length];
            for (int k = 0; k < head.length; k++) {
                z[k] = r.logits()[i][head[k]];
            }
            rows.add(z);
            targets[i] = i / 2; // folders 0, 2, 9 with two images each
            assertEquals(targets[i], r.data().label(i));
        }
        assertMetrics(score(rows, targets), r.metrics(), 6);
    }

    @Test
    void inlineLabelMapIsManyToOneAndSkipsUnmappedFolders() throws Exception {
        Run r = run("relabelled");
        assertEquals(List.of("class3", "class5"), r.data().classNames());
        assertEquals(6, r.data().size(), "misc is skipped");
        int[] head = {3, 5};
        List<double[]> rows = new ArrayList<>();
        int[] targets = new int[r.data().size()];
        for (int i = 0; i < r.data().size(); i++) {
            rows.add(new double[] {r.logits()[i][head[0]], r.logits()[i][head[1]]});
            targets[i] = r.data().label(i);
        }
        // dogs and puppies (class3) first, then cats (class5)
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1}, targets);
        assertMetrics(score(rows, targets), r.metrics(), 6);
    }

    @Test
    void npyArraysUseTheWholeHead() throws Exception {
        Run r = run("cifar");
        assertTrue(r.mapping().isIdentity());
        List<double[]> rows = new ArrayList<>();
        int[] targets = new int[r.data().size()];
        for (int i = 0; i < r.data().size(); i++) {
            double[] z = new double[10];
            for (int k = 0; k < 10; k++) {
                z[k] = r.logits()[i][k];
            }
            rows.add(z);
            targets[i] = r.data().label(i);
        }
        assertMetrics(score(rows, targets), r.metrics(), 7);
    }

    @Test
    void projectCheckReportsSkippedFoldersAndOptionMistakesInOneLine() throws Exception {
        ProjectCheck check = ProjectCheck.run(project);
        assertTrue(check.facts().contains("dataset relabelled: 1 folders not in the label map skipped"),
                check.facts().toString());
        assertFalse(check.problems().stream().anyMatch(p -> p.contains("objectnet")), check.problems().toString());

        ProjectSpec.DatasetEntry v2 = entry("v2");
        ProjectSpec.DatasetEntry bad = new ProjectSpec.DatasetEntry("v2", v2.role(), v2.format(), v2.images(), null,
                null, "number", null, null);
        RftException e = assertThrows(RftException.class,
                () -> DatasetSources.open(project, bad, TinyProject.CLASSES));
        assertEquals(project.file() + ": dataset 'v2': folderLabels must be \"name\" or \"index\", not 'number'",
                e.getMessage());
        ProjectSpec.DatasetEntry withClasses = new ProjectSpec.DatasetEntry("v2", v2.role(), v2.format(),
                v2.images(), null, List.of("class0"), "index", null, null);
        RftException classes = assertThrows(RftException.class,
                () -> DatasetSources.open(project, withClasses, TinyProject.CLASSES));
        assertTrue(classes.getMessage().contains("classes cannot be combined with folderLabels"), classes.getMessage());
        ProjectSpec.DatasetEntry npyMap = new ProjectSpec.DatasetEntry("cifar", v2.role(), ProjectSpec.Format.NPY,
                "cifar/data.npy", "cifar/labels.npy", null, null, JSON.readTree("{\"a\": 1}"), null);
        RftException npy = assertThrows(RftException.class,
                () -> DatasetSources.open(project, npyMap, TinyProject.CLASSES));
        assertEquals(project.file() + ": dataset 'cifar': folderLabels, labelMap and protocol apply to format "
                + "imagefolder only", npy.getMessage());
        ProjectSpec.DatasetEntry noMap = new ProjectSpec.DatasetEntry("on", v2.role(), v2.format(), "objectnet",
                null, null, null, null, "objectnet");
        assertThrows(RftException.class, () -> DatasetSources.open(project, noMap, TinyProject.CLASSES));
        ProjectSpec.DatasetEntry badValue = new ProjectSpec.DatasetEntry("x", v2.role(), v2.format(), "relabelled",
                null, null, null, JSON.readTree("{\"dogs\": 1.5}"), null);
        RftException value = assertThrows(RftException.class,
                () -> DatasetSources.open(project, badValue, TinyProject.CLASSES));
        assertTrue(value.getMessage().contains("folder 'dogs': expected a head class name or index"),
                value.getMessage());
    }

    @Test
    void theWorkspaceEvaluatesObjectNetThroughTheProjectionAndSharpnessRefusesIt() throws Exception {
        Run direct = run("objectnet");
        try (InterpolationWorkspace ws = InterpolationWorkspace.open(project, List.of("objectnet", "v2"),
                dir.resolve("cache"), Progress.NONE)) {
            assertTrue(ws.datasets().get("objectnet").mapping().isProjection());
            DatasetMetrics m;
            try (Evaluator e = new Evaluator(ws.workingModel(), 4)) {
                m = ws.evaluate(0.0, AlphaOverrides.NONE, e, List.of("objectnet"), Progress.NONE).get("objectnet");
            }
            // alpha = 0 is endpoint A, the model the direct run used
            assertEquals(direct.metrics().correctTop1(), m.correctTop1());
            assertEquals(direct.metrics().loss(), m.loss(), 1e-5);
            SharpnessSettings s = SharpnessSettings.defaults().withData(2, 2, "objectnet");
            RftException e = assertThrows(RftException.class, () -> SharpnessHeatmap.dataFor(ws, s));
            assertEquals(project.file() + ": dataset 'objectnet' scores each class as the max over several head classes"
                    + " (protocol objectnet); sharpness needs one head class per dataset class", e.getMessage());
        }
    }

    @Test
    void aLabelMapFileOutsideTheServersRootsIsRefused() throws Exception {
        Path outside = Files.createDirectories(dir.getParent().resolve(dir.getFileName() + "-outside"));
        Path map = Files.writeString(outside.resolve("map.json"), "{\"dogs\": \"class3\"}");
        try {
            LoadedProject confined = ProjectStore.load(project.file(),
                    org.rftworkbench.core.util.FileAccessPolicy.within(List.of(dir)));
            ProjectSpec.DatasetEntry v2 = entry("relabelled");
            ProjectSpec.DatasetEntry escaping = new ProjectSpec.DatasetEntry("x", v2.role(), v2.format(),
                    "relabelled", null, null, null, JSON.getNodeFactory().textNode(map.toString()), null);
            RftException e = assertThrows(RftException.class,
                    () -> DatasetSources.open(confined, escaping, TinyProject.CLASSES));
            assertTrue(e.getMessage().startsWith(map.toString()), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
            // the same map inside the roots is read
            Files.copy(map, dir.resolve("map.json"));
            ProjectSpec.DatasetEntry inside = new ProjectSpec.DatasetEntry("x", v2.role(), v2.format(),
                    "relabelled", null, null, null, JSON.getNodeFactory().textNode("map.json"), null);
            assertEquals(List.of("class3"), DatasetSources.open(confined, inside, TinyProject.CLASSES).classNames());
        } finally {
            Files.delete(map);
            Files.delete(outside);
        }
    }

    @Test
    void theOptionsSurviveSavingTheProject() throws Exception {
        Path copy = dir.resolve("copy.json");
        ProjectStore.save(project.spec(), copy);
        ProjectSpec again = ProjectStore.load(copy).spec();
        assertEquals(project.spec().datasets(), again.datasets());
        assertEquals("index", again.datasets().stream().filter(d -> d.name().equals("v2")).findFirst()
                .orElseThrow().folderLabels());
    }
}
