package org.rftworkbench.core.sample;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.checkpoint.Checkpoint;
import org.rftworkbench.core.checkpoint.CheckpointReader;
import org.rftworkbench.core.checkpoint.CheckpointTensor;
import org.rftworkbench.core.checkpoint.SafetensorsWriter;
import org.rftworkbench.core.eval.AlphaGrids;
import org.rftworkbench.core.eval.FailureMetrics;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.model.ModelConfig;
import org.rftworkbench.core.model.Models;
import org.rftworkbench.core.model.OpenClipClassifier;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.session.InterpolationWorkspace;
import org.rftworkbench.core.session.SweepRunner;
import org.rftworkbench.core.util.Progress;

/**
 * Makes the pool sample {@code fashion-clip-pool}: many fine-tuned runs of one zero-shot model, varied the way the
 * fine-tuning literature varies them (learning rate, epochs, strong augmentation, label smoothing, head only), in one
 * format-3 project with each run's settings as metadata. The zero-shot endpoint A, the model config, the class names
 * and the evaluation sets are those of the sibling {@code fashion-clip-wiseft} sample (made first by
 * {@link SampleGenerator}) and are referenced there ({@code ../fashion-clip-wiseft/...}), not copied: every run
 * starts from exactly that A and is evaluated on exactly those sets. A run whose weights come out equal, tensor for
 * tensor, to a sibling sample's fine-tuned checkpoint is referenced there too; the others go to {@code runs/}.
 * Every run is swept with the workbench's own sweep and recorded in {@code expected_sweeps.json}.
 *
 * <p>Runs on the calling thread with one libtorch intra-op thread and fixed seeds, as {@link SampleGenerator}: the
 * same inputs give bit-identical runs on the same kind of CPU.
 */
public final class PoolGenerator {
    public static final String POOL = "fashion-clip-pool";
    /** The sibling sample whose A, model, classes and datasets the pool shares. */
    public static final String SOURCE = SampleGenerator.WISEFT;
    public static final String EXPECTED_SWEEPS = "expected_sweeps.json";

    /**
     * How one run is fine-tuned from A (everything else as the single-pair samples: batch, weight decay, warm-up,
     * the image order's seed).
     *
     * @param label          the run's label in the project
     * @param lr             peak learning rate
     * @param epochs         passes over the 60,000 clean training images
     * @param augmentation   none or strong
     * @param labelSmoothing label-smoothing epsilon (0 = none)
     * @param headOnly       train the head only (the image tower stays A's)
     */
    public record Recipe(String label, double lr, double epochs, Augmentation augmentation, double labelSmoothing,
            boolean headOnly) {
        /** The run's metadata in the project file: lr, epochs, augment, labelSmoothing, trained. */
        public Map<String, Object> metadata() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lr", lr);
            m.put("epochs", epochs);
            m.put("augment", augmentation.id());
            m.put("labelSmoothing", labelSmoothing);
            m.put("trained", headOnly ? "head" : "full");
            return m;
        }

        FineTuner.Settings settings(SampleSettings s) {
            return new FineTuner.Settings(epochs, s.fineTuneBatch(), lr, s.weightDecay(), s.warmupFraction(),
                    s.derivedSeed(SampleSettings.SeedStream.FINE_TUNE_DATA), labelSmoothing, augmentation, headOnly);
        }
    }

    private static Recipe full(String label, double lr, double epochs) {
        return new Recipe(label, lr, epochs, Augmentation.NONE, 0, false);
    }

    /**
     * The shipped pool: learning rate over a 40x range (5e-4 .. 2e-2) at 1 epoch, 3 epochs, strong augmentation at a
     * moderate and a high learning rate, label smoothing 0.1, and a head-only run. {@code lr5e-3} and {@code lr2e-2}
     * have the single-pair samples' settings (their B and B').
     */
    public static final List<Recipe> FULL = List.of(
            full("lr5e-4", 5e-4, 1),
            full("lr1e-3", 1e-3, 1),
            full("lr2e-3", 2e-3, 1),
            full("lr5e-3", 5e-3, 1),
            full("lr1e-2", 1e-2, 1),
            full("lr2e-2", 2e-2, 1),
            full("lr5e-3-ep3", 5e-3, 3),
            new Recipe("lr5e-3-aug", 5e-3, 1, Augmentation.STRONG, 0, false),
            new Recipe("lr2e-2-aug", 2e-2, 1, Augmentation.STRONG, 0, false),
            new Recipe("lr5e-3-ls0.1", 5e-3, 1, Augmentation.NONE, 0.1, false),
            new Recipe("head-lr1e-2", 1e-2, 1, Augmentation.NONE, 0, true));

    /** Three runs covering every option, for the smoke budget (tests). */
    public static final List<Recipe> SMOKE = List.of(
            full("lr5e-3", 5e-3, 1),
            new Recipe("lr2e-2-aug-ls0.1", 2e-2, 1, Augmentation.STRONG, 0.1, false),
            new Recipe("head-lr1e-2", 1e-2, 1, Augmentation.NONE, 0, true));

    /**
     * One run as made and measured.
     *
     * @param path      its checkpoint, relative to the pool folder
     * @param fineTune  training loss and time
     * @param metrics   the WiSE-FT path criteria of its generation-time sweep (percent)
     * @param failure   the method-notes failure metrics of its average OOD curve (fractions)
     */
    public record RunReport(Recipe recipe, String path, FineTuner.Result fineTune, PathMetrics metrics,
            FailureMetrics failure) {
        /** "succeeds" (G_end &gt; tolerance), "fails" (G_zs &lt;= tolerance) or "no bonus" (neither). */
        public String verdict() {
            return PoolGenerator.verdict(failure);
        }
    }

    /** What a pool run produced. */
    public record Report(List<RunReport> runs, Map<String, Double> stageSeconds) {
    }

    private PoolGenerator() {
    }

    /**
     * Writes {@code outDir/fashion-clip-pool} (files inside are overwritten; nothing else is touched) from the
     * {@code outDir/fashion-clip-wiseft} sample, which must exist (made with the same settings).
     */
    public static Report generate(Path outDir, Path fashionMnistDir, SampleSettings s, List<Recipe> recipes,
            TrainingLog log, Progress progress) throws RftException, IOException {
        Models.prepareComputeThread();
        int threads = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1); // bit-identical weights whatever the core count (see SampleGenerator)
        try {
            return generateSingleThreaded(outDir, fashionMnistDir, s, recipes, log, progress);
        } finally {
            JniUtils.setNumThreads(threads);
        }
    }

    private static Report generateSingleThreaded(Path outDir, Path fashionMnistDir, SampleSettings s,
            List<Recipe> recipes, TrainingLog log, Progress progress) throws RftException, IOException {
        Path sourceFile = outDir.resolve(SOURCE).resolve("project.json");
        if (!Files.isRegularFile(sourceFile)) {
            throw new RftException(RftException.at(sourceFile, "not found: the pool shares A and the evaluation sets"
                    + " of " + SOURCE + "; make the single-pair samples into the same folder first"));
        }
        LoadedProject source = ProjectStore.load(sourceFile);
        Device cpu = Device.cpu();
        Map<String, Double> stages = new LinkedHashMap<>();
        long total = System.nanoTime();
        long lap = System.nanoTime();

        LabelledImages train = FashionMnist.train(fashionMnistDir);
        if (s.trainLimit() != null && s.trainLimit() < train.count()) {
            int[] first = new int[s.trainLimit()];
            for (int i = 0; i < first.length; i++) {
                first[i] = i;
            }
            train = train.subset(first);
        }
        ModelConfig config = ModelConfig.read(source.resolve(source.spec().model().config()));
        List<CheckpointTensor> endpointA = readFloats(source.resolve(source.spec().endpointA().path()));
        stages.put("read Fashion-MNIST and A", seconds(lap));
        log.line(String.format(Locale.ROOT, "pool: %d runs from %s, %d training images; %d intra-op threads",
                recipes.size(), source.resolve(source.spec().endpointA().path()), train.count(),
                JniUtils.getNumThreads()));

        Path dir = outDir.resolve(POOL);
        Files.createDirectories(dir.resolve("runs"));
        List<ProjectSpec.Run> runs = new ArrayList<>();
        Map<String, FineTuner.Result> trained = new LinkedHashMap<>();
        for (Recipe recipe : recipes) {
            lap = System.nanoTime();
            NDManager manager = NDManager.newBaseManager(cpu);
            Map<String, NDArray> start = new LinkedHashMap<>();
            for (CheckpointTensor t : endpointA) {
                start.put(t.name(), manager.create(SampleGenerator.toFloats(t), new Shape(t.shape())));
            }
            List<CheckpointTensor> tensors = new ArrayList<>();
            try (OpenClipClassifier model = OpenClipClassifier.create(config, start, manager, recipe.label())) {
                trained.put(recipe.label(), FineTuner.run(train, model, recipe.settings(s), recipe.label(), log,
                        progress));
                model.parameters().forEach((name, p) -> tensors.add(SampleGenerator.floats(name, p)));
            }
            String path = sharedCheckpoint(outDir, tensors);
            if (path == null) {
                path = "runs/" + recipe.label() + ".safetensors";
                SafetensorsWriter.write(dir.resolve(path), tensors, Map.of("rft.sample", POOL,
                        "rft.run", recipe.label()));
            } else {
                log.line(recipe.label() + ": the same weights as " + path + "; the project refers to that file");
            }
            runs.add(new ProjectSpec.Run(recipe.label(), path, recipe.metadata()));
            stages.put("fine-tune " + recipe.label(), seconds(lap));
        }

        ProjectSpec pool = poolSpec(source.spec(), runs, recipes.size());
        ProjectStore.save(pool, dir.resolve("project.json"));
        Files.deleteIfExists(dir.resolve("project.json.bak"));

        lap = System.nanoTime();
        LoadedProject project = ProjectStore.load(dir.resolve("project.json"));
        List<Double> alphas = s.referenceAlphas() != null ? s.referenceAlphas()
                : AlphaGrids.of(project.spec().alphaGrid());
        Map<String, Object> expected = new LinkedHashMap<>();
        List<RunReport> reports = new ArrayList<>();
        Path cache = Files.createTempDirectory("rft-pool-cache");
        try {
            for (int i = 0; i < recipes.size(); i++) {
                Recipe recipe = recipes.get(i);
                lap = System.nanoTime();
                SweepResult result;
                try (InterpolationWorkspace ws = InterpolationWorkspace.open(
                        project.withSelectedRun(recipe.label()), null, cache, cpu, progress)) {
                    result = SweepRunner.run(ws, alphas, ws.projectOverrides(), null,
                            project.spec().effectiveBatchSize(), progress);
                }
                expected.put(recipe.label(), SampleProjectWriter.reference(result));
                RunReport report = new RunReport(recipe, runs.get(i).path(), trained.get(recipe.label()),
                        SampleProjectWriter.metrics(result), failureMetrics(result));
                reports.add(report);
                stages.put("sweep " + recipe.label(), seconds(lap));
                log.line(recipe.label() + " (" + report.verdict() + "):\n" + report.metrics().describe());
            }
        } finally {
            SampleProjectWriter.deleteTree(cache);
        }
        SampleProjectWriter.writeJson(dir.resolve(EXPECTED_SWEEPS), expected);
        stages.put("total", seconds(total));

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("project", POOL);
        summary.put("settings", s);
        summary.put("fashionMnist", fashionMnistDir.toString());
        summary.put("intraOpThreads", JniUtils.getNumThreads());
        summary.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        summary.put("endpointA", project.spec().endpointA().path());
        List<Map<String, Object>> perRun = new ArrayList<>();
        for (RunReport r : reports) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", r.recipe().label());
            m.put("path", r.path());
            m.put("metadata", r.recipe().metadata());
            m.put("fineTune", r.fineTune());
            m.put("verdict", r.verdict());
            m.put("failureMetrics", r.failure());
            m.put("criteria", r.metrics().describe().lines().toList());
            perRun.add(m);
        }
        summary.put("runs", perRun);
        summary.put("stageSeconds", stages);
        SampleProjectWriter.writeJson(dir.resolve("generation_summary.json"), summary);
        log.line(markdownTable(reports));
        for (Map.Entry<String, Double> e : stages.entrySet()) {
            log.line(String.format(Locale.ROOT, "time %-32s %8.1f s", e.getKey(), e.getValue()));
        }
        return new Report(reports, stages);
    }

    /** The pool's project: the source's model, classes, preprocessing and datasets, referenced in its folder. */
    static ProjectSpec poolSpec(ProjectSpec source, List<ProjectSpec.Run> runs, int count) {
        String up = "../" + SOURCE + "/";
        List<ProjectSpec.DatasetEntry> datasets = new ArrayList<>();
        for (ProjectSpec.DatasetEntry d : source.datasets()) {
            datasets.add(new ProjectSpec.DatasetEntry(d.name(), d.role(), d.format(), up + d.images(),
                    d.labels() == null ? null : up + d.labels(), d.classes()));
        }
        return new ProjectSpec(ProjectSpec.FORMAT_VERSION, POOL, "Miniature CLIP on Fashion-MNIST: " + count
                + " fine-tunes of one zero-shot A (" + up + "), varied in learning rate, epochs, strong augmentation,"
                + " label smoothing and head-only training. OOD suite mild5.",
                new ProjectSpec.ModelSpec(up + source.model().config(), null, null),
                new ProjectSpec.Endpoint(source.endpointA().label(), up + source.endpointA().path()), runs, null,
                null, up + source.classesFile(), source.preprocess(), datasets, source.alphaGrid(), null,
                source.batchSize());
    }

    /**
     * "../SAMPLE/checkpoints/finetuned.safetensors" of a sibling single-pair sample whose tensors equal
     * {@code tensors} exactly (names, shapes, bytes), or null.
     */
    private static String sharedCheckpoint(Path outDir, List<CheckpointTensor> tensors) throws RftException {
        for (String sample : List.of(SampleGenerator.WISEFT, SampleGenerator.FAILURE)) {
            String relative = "checkpoints/finetuned.safetensors";
            Path file = outDir.resolve(sample).resolve(relative);
            if (Files.isRegularFile(file) && sameTensors(tensors, file)) {
                return "../" + sample + "/" + relative;
            }
        }
        return null;
    }

    private static boolean sameTensors(List<CheckpointTensor> tensors, Path file) throws RftException {
        try (Checkpoint other = CheckpointReader.open(file)) {
            Map<String, CheckpointTensor> byName = new LinkedHashMap<>();
            other.tensors().forEach(t -> byName.put(t.name(), t));
            if (byName.size() != tensors.size()) {
                return false;
            }
            for (CheckpointTensor t : tensors) {
                CheckpointTensor o = byName.get(t.name());
                if (o == null || !java.util.Arrays.equals(o.shape(), t.shape())
                        || !o.bytes().duplicate().equals(t.bytes().duplicate())) {
                    return false;
                }
            }
            return true;
        }
    }

    private static List<CheckpointTensor> readFloats(Path file) throws RftException {
        List<CheckpointTensor> out = new ArrayList<>();
        try (Checkpoint checkpoint = CheckpointReader.open(file)) {
            for (CheckpointTensor t : checkpoint.tensors()) {
                out.add(org.rftworkbench.core.checkpoint.ByteBufferTensor.ofFloats(t.name(), t.shape(),
                        SampleGenerator.toFloats(t)));
            }
        }
        return out;
    }

    /** The failure metrics of the sweep's average OOD accuracy (fractions), default tolerance. */
    static FailureMetrics failureMetrics(SweepResult result) {
        double[] alphas = result.points().stream().mapToDouble(SweepResult.Point::alpha).toArray();
        double[] ood = result.points().stream().mapToDouble(SweepResult.Point::avgOodTop1).toArray();
        return FailureMetrics.ofAccuracy(alphas, ood, FailureMetrics.DEFAULT_TOLERANCE);
    }

    /**
     * The method notes' verdicts on the average OOD curve: "fails" when interpolation never beats A (G_zs &lt;= the
     * tolerance), "succeeds" when an interior alpha beats both endpoints (G_end &gt; the tolerance), else "no bonus".
     */
    public static String verdict(FailureMetrics f) {
        return f.failure() ? "fails" : f.noBonus() ? "no bonus" : "succeeds";
    }

    /** One row per run: settings, endpoints, best interior alpha, G_end, G_zs, chord gap, verdict (percent). */
    public static String markdownTable(List<RunReport> reports) {
        StringBuilder sb = new StringBuilder("| run | lr | epochs | augment | label smoothing | trained | ID A → B |"
                + " OOD A → B | best interior α: OOD | G_end | G_zs | OOD(0.5) − chord | verdict |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (RunReport r : reports) {
            PathMetrics m = r.metrics();
            int last = m.alphas().length - 1;
            int best = m.bestInteriorIndex(-1);
            Recipe c = r.recipe();
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.2f → %.2f | %.2f → %.2f |"
                    + " %.1f: %.2f | %+.2f | %+.2f | %+.2f | %s |%n", c.label(), learningRate(c.lr()), trim(c.epochs()),
                    c.augmentation().id(), trim(c.labelSmoothing()), c.headOnly() ? "head" : "full", m.id()[0],
                    m.id()[last], m.avgOod(0, -1), m.avgOod(last, -1), m.alphas()[best], m.avgOod(best, -1),
                    100 * r.failure().gainOverEndpoints(), 100 * r.failure().gainOverZeroShot(),
                    100 * r.failure().midpointMinusChord(), r.verdict()));
        }
        return sb.toString();
    }

    /** 0.0005 as "5e-4". */
    static String learningRate(double lr) {
        return String.format(Locale.ROOT, "%.0e", lr).replace("e-0", "e-").replace("e+00", "");
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
