package org.rftworkbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.AlphaGrids;
import org.rftworkbench.core.model.ModelConfig;
import org.rftworkbench.core.sample.RehearsalProjectWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code make-rehearsal DIR}: writes a real-scale rehearsal project (random ViT-B/32 endpoints, generated photo-sized
 * JPEGs in ImageNet-style folders; see {@link RehearsalProjectWriter}) for measuring preparation, evaluation, slider
 * latency and memory without real weights or data. tools/bench/rehearsal.sh runs the whole rehearsal.
 */
@Command(name = "make-rehearsal", mixinStandardHelpOptions = true,
        description = "Write a real-scale rehearsal project: random-weight ViT-B/32 endpoints A and B with a "
                + "1000-class head, generated photo-sized JPEGs in an ImageFolder val/ and a 200-class subset/ "
                + "(deterministic for a seed). Accuracy is chance: it is for measuring costs (docs/BENCHMARKS.md).")
final class MakeRehearsalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "New or empty folder for the project.")
    Path dir;

    @Option(names = "--images", paramLabel = "N", description = "Images in val/ (default: ${DEFAULT-VALUE}).")
    int images = 2000;

    @Option(names = "--classes", paramLabel = "N", description = "Head classes (default: ${DEFAULT-VALUE}).")
    int classes = 1000;

    @Option(names = "--subset-classes", paramLabel = "N",
            description = "Classes of the OOD subset folder (default: ${DEFAULT-VALUE}).")
    int subsetClasses = 200;

    @Option(names = "--subset-images", paramLabel = "N",
            description = "Images in subset/ (default: as many per class as val/ has, i.e. "
                    + "images x subset-classes / classes).")
    Integer subsetImages;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of weights and photos (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--model", paramLabel = "NAME",
            description = "Built-in architecture (default: ${DEFAULT-VALUE}).")
    String model = "ViT-B-32-quickgelu";

    @Option(names = "--model-config", paramLabel = "FILE",
            description = "An open_clip JSON config instead of --model (copied to model/config.json; e.g. a tiny "
                    + "model for a quick try).")
    Path modelConfig;

    @Option(names = "--perturbation", paramLabel = "X",
            description = "B - A in units of each tensor's initial standard deviation (default: ${DEFAULT-VALUE}).")
    float perturbation = 0.1f;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "The project's evaluation batch size (default: ${DEFAULT-VALUE}, as the template).")
    int batchSize = 128;

    @Option(names = "--alphas", paramLabel = "GRID",
            description = "The project's alpha grid (default: ${DEFAULT-VALUE}, a reduced sweep).")
    String alphas = "0,0.5,1";

    @Mixin
    QuietOption quiet = new QuietOption();

    @Override
    public Integer call() throws Exception {
        ModelConfig config = modelConfig != null ? ModelConfig.read(modelConfig) : ModelConfig.builtin(model);
        int subset = subsetImages != null ? subsetImages
                : (int) Math.max(1, (long) images * subsetClasses / Math.max(1, classes));
        RehearsalProjectWriter.Settings settings;
        try {
            settings = new RehearsalProjectWriter.Settings(classes, images, subsetClasses, subset, seed,
                    modelConfig != null ? null : model, config, perturbation, batchSize, AlphaGrids.parse(alphas));
        } catch (IllegalArgumentException e) {
            throw new RftException("make-rehearsal: " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        RehearsalProjectWriter.Report report;
        try (ConsoleProgress progress = quiet.progress()) {
            report = RehearsalProjectWriter.write(dir, settings, line -> {
                out.println(line);
                out.flush();
            }, progress);
        }
        out.printf(Locale.ROOT, "wrote %s: %,d + %,d images (%.1f MB), checkpoints %.1f MB%n", report.projectFile(),
                report.valImages(), report.subsetImages(), report.imageBytes() / 1e6, report.checkpointBytes() / 1e6);
        out.flush();
        return 0;
    }
}
