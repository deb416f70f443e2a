package org.rftworkbench.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rftworkbench.core.bench.PreparationBenchmark;
import org.rftworkbench.core.bench.SyntheticImageSource;
import org.rftworkbench.core.bench.ThroughputBenchmark;
import org.rftworkbench.core.data.ClassMapping;
import org.rftworkbench.core.data.PreparedDataset;
import org.rftworkbench.core.data.PreprocessConfig;
import org.rftworkbench.core.data.TensorCache;
import org.rftworkbench.core.engine.Engines;
import org.rftworkbench.core.interpolate.EndpointWeights;
import org.rftworkbench.core.interpolate.Interpolator;
import org.rftworkbench.core.model.ModelConfig;
import org.rftworkbench.core.model.Models;
import org.rftworkbench.core.model.OpenClipClassifier;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.session.InterpolationWorkspace;
import org.rftworkbench.core.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bench}: interpolation vs copy, evaluation vs pure forward, measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Throughput of in-place interpolation (vs a one-pass copy) and evaluation (vs bare forward).")
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", description = "Built-in architecture with random weights (default: ${DEFAULT-VALUE}).")
    String model = "ViT-B-32-quickgelu";

    @Option(names = "--project", paramLabel = "PROJECT",
            description = "Benchmark a project's real model and its first ID dataset instead of --model.")
    Path project;

    @Option(names = "--repeats", description = "Timed interpolations (default: ${DEFAULT-VALUE}).")
    int repeats = 9;

    @Option(names = "--rounds", description = "Timed evaluation rounds, or preparations with --only preparation "
            + "(default: ${DEFAULT-VALUE}).")
    int rounds = 3;

    @Option(names = "--eval-images", description = "Synthetic images for --model (default: ${DEFAULT-VALUE}).")
    int evalImages = 64;

    @Option(names = "--batch-size", description = "Evaluation batch size (default: ${DEFAULT-VALUE}).")
    int batchSize = 32;

    @Option(names = "--only", description = "Run only 'interpolation', 'evaluation' or 'preparation' (the last "
            + "needs --data and runs no model).")
    String only;

    @Option(names = "--data", paramLabel = "FOLDER",
            description = "ImageFolder roots whose first preparation --only preparation times (one line each).")
    List<Path> data = List.of();

    @Option(names = "--threads", description = "Decoding threads for --only preparation (default: the cores, "
            + "as the compute service uses).")
    Integer threads;

    @Option(names = "--image-size", description = "Model input size for --only preparation (default: "
            + "${DEFAULT-VALUE}).")
    int imageSize = 224;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Tensor cache (default: a temporary folder).")
    Path cacheDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if ("preparation".equalsIgnoreCase(only)) {
            return preparation(out);
        }
        if (!data.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--data is only used with --only preparation");
        }
        Models.prepareComputeThread();
        out.println("engine: " + Engines.describe() + ", intra-op threads: "
                + ai.djl.pytorch.jni.JniUtils.getNumThreads());
        Path cache = cacheDir != null ? cacheDir : Files.createTempDirectory("rft-bench");
        if (project != null) {
            try (InterpolationWorkspace ws = InterpolationWorkspace.open(ProjectStore.load(project), null, cache,
                    Progress.NONE)) {
                var id = ws.datasets().values().stream()
                        .filter(h -> h.entry().role() == ProjectSpec.Role.ID).findFirst()
                        .orElse(ws.datasets().values().iterator().next());
                report(out, ws.workingModel().describe(),
                        wants("interpolation")
                                ? ThroughputBenchmark.interpolation(ws.interpolator(), ws.endpointB().tensors(), repeats)
                                : null,
                        wants("evaluation")
                                ? ThroughputBenchmark.evaluation(ws.workingModel(), id.data(), id.mapping(), batchSize,
                                        rounds)
                                : null);
            }
            return 0;
        }
        ModelConfig config = ModelConfig.builtin(model);
        int classes = 1000;
        try (EndpointWeights a = randomEndpoint(config, classes, 1, null);
                EndpointWeights b = randomEndpoint(config, classes, 2, a);
                OpenClipClassifier working = OpenClipClassifier.copyOf(config, a.tensors(), Device.cpu(), "working copy")) {
            Interpolator interpolator = new Interpolator(working, a, b);
            int size = config.vision().imageSize();
            List<String> classNames = new SyntheticImageSource(1, size, classes).classNames();
            PreparedDataset data = new TensorCache(cache).prepare(new SyntheticImageSource(evalImages, size, classes),
                    PreprocessConfig.clip(size), Progress.NONE);
            ClassMapping mapping = ClassMapping.between(classNames, classNames, "synthetic");
            report(out, working.describe() + " (random weights)",
                    wants("interpolation") ? ThroughputBenchmark.interpolation(interpolator, b.tensors(), repeats) : null,
                    wants("evaluation") ? ThroughputBenchmark.evaluation(working, data, mapping, batchSize, rounds)
                            : null);
        }
        return 0;
    }

    /** First preparation of each --data folder: workbench img/s with the service's threads, and a 1-thread split. */
    private Integer preparation(PrintWriter out) throws Exception {
        if (data.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--only preparation needs --data FOLDER (an ImageFolder root)");
        }
        if ((threads != null && threads < 1) || imageSize < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--threads and --image-size must be at least 1");
        }
        int decodeThreads = threads != null ? threads : TensorCache.defaultThreads();
        for (Path folder : data) {
            PreparationBenchmark.Timing t = PreparationBenchmark.run(folder, imageSize, decodeThreads, rounds);
            out.printf(Locale.ROOT, "preparation %s: %d images, %d threads: %.1f img/s (median of %d); "
                            + "1 thread: decode %.2f ms + resize/crop %.2f ms per image%n",
                    folder, t.images(), t.threads(), t.prepareImagesPerSecond(), Math.max(1, rounds),
                    t.decodeMsPerImage(), t.resizeMsPerImage());
            out.flush();
        }
        return 0;
    }

    private boolean wants(String part) {
        return only == null || only.equalsIgnoreCase(part);
    }

    private static void report(PrintWriter out, String what, ThroughputBenchmark.InterpolationTiming interp,
            ThroughputBenchmark.EvaluationTiming eval) {
        out.println("model: " + what);
        if (interp != null) {
            out.printf(Locale.ROOT, "interpolation: %,d scalars, median %.1f ms/alpha vs one-pass copy %.1f ms -> %.2fx%n",
                    interp.scalars(), interp.interpolateMs(), interp.copyMs(), interp.ratio());
        }
        if (eval != null) {
            out.printf(Locale.ROOT, "evaluation: %d images, batch %d: %.1f img/s vs bare forward %.1f img/s -> %.2fx%n",
                    eval.images(), eval.batchSize(), eval.evaluateImagesPerSecond(), eval.forwardImagesPerSecond(),
                    eval.ratio());
        }
        out.flush();
    }

    /** Random open_clip weights (B = A + 1% noise), the shapes of the built-in config. */
    private static EndpointWeights randomEndpoint(ModelConfig config, int classes, int seed, EndpointWeights base) {
        Engines.pytorch();
        NDManager manager = NDManager.newBaseManager(Device.cpu());
        manager.getEngine().setRandomSeed(seed);
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : OpenClipClassifier.expectedShapes(config, classes, true).entrySet()) {
            NDArray t = manager.randomNormal(0f, 0.02f, e.getValue(), DataType.FLOAT32);
            if (base != null) {
                t = base.tensors().get(e.getKey()).add(t.mul(0.5f));
                t.attach(manager);
            }
            tensors.put(e.getKey(), t);
        }
        return new EndpointWeights(Path.of("random-" + seed), "random", tensors, List.of(), List.of(), manager);
    }
}
