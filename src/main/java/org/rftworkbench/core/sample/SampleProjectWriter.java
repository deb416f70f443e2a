package org.rftworkbench.core.sample;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.checkpoint.CheckpointTensor;
import org.rftworkbench.core.checkpoint.SafetensorsWriter;
import org.rftworkbench.core.data.Interpolation;
import org.rftworkbench.core.data.PreprocessConfig;
import org.rftworkbench.core.eval.AlphaGrids;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.model.ModelConfig;
import org.rftworkbench.core.model.text.TextConfig;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.session.InterpolationWorkspace;
import org.rftworkbench.core.session.SweepRunner;
import org.rftworkbench.core.tokenize.WordTokenizer;
import org.rftworkbench.core.util.AtomicFiles;
import org.rftworkbench.core.util.Progress;

/**
 * Writes one sample project folder and records its reference sweep. Layout (paths relative to the folder):
 * {@code project.json}, {@code model/config.json} (open_clip style, with {@code text_cfg}), {@code model/vocab.txt},
 * {@code model/clip.safetensors} (the pretrained miniature CLIP: image tower, text tower, logit_scale),
 * {@code classes.txt}, {@code checkpoints/zeroshot.safetensors} (A), {@code checkpoints/finetuned.safetensors} (B),
 * {@code data/<name>-{images-idx3,labels-idx1}-ubyte.gz} and {@code expected_sweep.json}. Stateless.
 */
public final class SampleProjectWriter {
    public static final String EXPECTED_SWEEP = "expected_sweep.json";
    public static final String ID_SET = "id_clean";
    public static final String SHARPNESS_SET = "sharpness_train";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SampleProjectWriter() {
    }

    /**
     * What goes into one project.
     *
     * @param name        folder and project name
     * @param description project.json description
     * @param labelB      UI label of endpoint B
     * @param oodSets     style id -> rendered OOD set (stored as {@code ood_<id>})
     */
    public record Contents(String name, String description, String labelB, ModelConfig modelConfig,
            TextConfig textConfig, WordTokenizer tokenizer, List<String> classes, List<CheckpointTensor> endpointA,
            List<CheckpointTensor> endpointB, List<CheckpointTensor> clip, LabelledImages id,
            Map<String, LabelledImages> oodSets, LabelledImages sharpness) {
    }

    /** Writes every file of the project into {@code dir} (created if needed). */
    public static void write(Path dir, Contents c) throws IOException, RftException {
        Files.createDirectories(dir.resolve("model"));
        Files.createDirectories(dir.resolve("checkpoints"));
        Files.createDirectories(dir.resolve("data"));
        AtomicFiles.write(dir.resolve("model/config.json"), MAPPER.writeValueAsBytes(modelJson(c)), false);
        c.tokenizer().writeVocabulary(dir.resolve("model/vocab.txt"));
        AtomicFiles.write(dir.resolve("classes.txt"),
                (String.join("\n", c.classes()) + "\n").getBytes(StandardCharsets.UTF_8), false);
        Map<String, String> meta = Map.of("rft.sample", c.name());
        SafetensorsWriter.write(dir.resolve("model/clip.safetensors"), c.clip(), meta);
        SafetensorsWriter.write(dir.resolve("checkpoints/zeroshot.safetensors"), c.endpointA(), meta);
        SafetensorsWriter.write(dir.resolve("checkpoints/finetuned.safetensors"), c.endpointB(), meta);

        List<ProjectSpec.DatasetEntry> datasets = new ArrayList<>();
        c.id().writeIdx(dir.resolve("data"), ID_SET);
        datasets.add(entry(ID_SET, ProjectSpec.Role.ID));
        for (Map.Entry<String, LabelledImages> e : c.oodSets().entrySet()) {
            String name = "ood_" + e.getKey();
            e.getValue().writeIdx(dir.resolve("data"), name);
            datasets.add(entry(name, ProjectSpec.Role.OOD));
        }
        c.sharpness().writeIdx(dir.resolve("data"), SHARPNESS_SET);
        datasets.add(entry(SHARPNESS_SET, ProjectSpec.Role.SHARPNESS));
        ProjectSpec project = new ProjectSpec(ProjectSpec.FORMAT_VERSION, c.name(), c.description(),
                new ProjectSpec.ModelSpec("model/config.json", null, null),
                new ProjectSpec.Endpoint("zero-shot", "checkpoints/zeroshot.safetensors"),
                new ProjectSpec.Endpoint(c.labelB(), "checkpoints/finetuned.safetensors"), null, "classes.txt",
                new PreprocessConfig(28, true, Interpolation.BICUBIC, true, new double[] {0.5, 0.5, 0.5},
                        new double[] {0.5, 0.5, 0.5}),
                datasets, new ProjectSpec.AlphaGrid(0.0, 1.0, 0.1, null), null, 256);
        AtomicFiles.write(dir.resolve("project.json"), MAPPER.writeValueAsBytes(project), false);
    }

    private static ProjectSpec.DatasetEntry entry(String name, ProjectSpec.Role role) {
        return new ProjectSpec.DatasetEntry(name, role, ProjectSpec.Format.IDX, "data/" + name + "-images-idx3-ubyte.gz",
                "data/" + name + "-labels-idx1-ubyte.gz", null);
    }

    private static ObjectNode modelJson(Contents c) {
        ObjectNode root = MAPPER.createObjectNode();
        ModelConfig m = c.modelConfig();
        root.put("embed_dim", m.embedDim());
        root.put("quick_gelu", m.quickGelu());
        ObjectNode vision = root.putObject("vision_cfg");
        vision.put("image_size", m.vision().imageSize());
        vision.put("layers", m.vision().layers());
        vision.put("width", m.vision().width());
        vision.put("patch_size", m.vision().patchSize());
        vision.put("head_width", m.vision().effectiveHeadWidth());
        vision.put("mlp_ratio", m.vision().mlpRatio());
        TextConfig t = c.textConfig();
        ObjectNode text = root.putObject("text_cfg");
        text.put("context_length", t.contextLength());
        text.put("vocab_size", t.vocabSize());
        text.put("width", t.width());
        text.put("heads", t.heads());
        text.put("layers", t.layers());
        text.put("mlp_ratio", t.mlpRatio());
        return root;
    }

    /**
     * Sweeps {@code alphaList} (null = the project's own alpha grid) on its ID and OOD sets with the workbench's sweep (preprocessing cache in a
     * temporary folder, deleted afterwards), writes {@code expected_sweep.json}
     * ({@code {alpha: {dataset: {top1, loss, n}}}}, alpha formatted "%.1f") and returns the path metrics.
     */
    public static PathMetrics sweepAndRecord(Path dir, List<Double> alphaList, Device device, Progress progress)
            throws IOException, RftException {
        LoadedProject project = ProjectStore.load(dir.resolve("project.json"));
        Path cache = Files.createTempDirectory("rft-sample-cache");
        try (InterpolationWorkspace ws = InterpolationWorkspace.open(project, null, cache, device, progress)) {
            List<Double> alphas = alphaList != null ? alphaList : AlphaGrids.of(project.spec().alphaGrid());
            SweepResult result = SweepRunner.run(ws, alphas, ws.projectOverrides(), null,
                    project.spec().effectiveBatchSize(), progress);
            writeJson(dir.resolve(EXPECTED_SWEEP), reference(result));
            return metrics(result);
        } finally {
            deleteTree(cache);
        }
    }

    /** A sweep as expected_sweep.json records it: {@code {alpha "%.1f": {dataset: {top1, loss, n}}}}. */
    public static Map<String, Map<String, Map<String, Object>>> reference(SweepResult result) {
        Map<String, Map<String, Map<String, Object>>> expected = new LinkedHashMap<>();
        for (SweepResult.Point p : result.points()) {
            Map<String, Map<String, Object>> sets = new LinkedHashMap<>();
            p.datasets().forEach((name, m) -> {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("top1", m.top1());
                v.put("loss", m.loss());
                v.put("n", m.n());
                sets.put(name, v);
            });
            expected.put(alphaKey(p.alpha()), sets);
        }
        return expected;
    }

    /** "%.1f" of an alpha, the key format of expected_sweep.json. */
    public static String alphaKey(double alpha) {
        return String.format(Locale.ROOT, "%.1f", alpha);
    }

    /** Path metrics (accuracies in percent) of a sweep with one "id" dataset and at least one "ood" dataset. */
    public static PathMetrics metrics(SweepResult result) {
        List<SweepResult.Point> points = result.points();
        double[] alphas = new double[points.size()];
        double[] id = new double[points.size()];
        List<String> styles = new ArrayList<>();
        points.get(0).datasets().forEach((name, m) -> {
            if (m.role().equals("ood")) {
                styles.add(name);
            }
        });
        double[][] ood = new double[styles.size()][points.size()];
        for (int a = 0; a < points.size(); a++) {
            SweepResult.Point p = points.get(a);
            alphas[a] = p.alpha();
            for (Map.Entry<String, SweepResult.Metrics> e : p.datasets().entrySet()) {
                if (e.getValue().role().equals("id")) {
                    id[a] = 100 * e.getValue().top1();
                } else if (e.getValue().role().equals("ood")) {
                    ood[styles.indexOf(e.getKey())][a] = 100 * e.getValue().top1();
                }
            }
        }
        return new PathMetrics(alphas, id, styles, ood);
    }

    /** The sweep as a markdown table: alpha, ID, each OOD style, average OOD. */
    public static String markdownTable(PathMetrics m) {
        StringBuilder sb = new StringBuilder("| α | ID clean |");
        for (String s : m.styles()) {
            sb.append(' ').append(s.replaceFirst("^ood_", "")).append(" |");
        }
        sb.append(" **OOD avg** |\n|---|---|");
        sb.append("---|".repeat(m.styles().size())).append("---|\n");
        for (int a = 0; a < m.alphas().length; a++) {
            sb.append(String.format(Locale.ROOT, "| %.1f | %.2f |", m.alphas()[a], m.id()[a]));
            for (double[] style : m.ood()) {
                sb.append(String.format(Locale.ROOT, " %.2f |", style[a]));
            }
            sb.append(String.format(Locale.ROOT, " **%.2f** |%n", m.avgOod(a, -1)));
        }
        return sb.toString();
    }

    static void writeJson(Path file, Object value) throws IOException {
        AtomicFiles.write(file, MAPPER.writeValueAsBytes(value), false);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
