package org.rftworkbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.Precision;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.SharpnessRequest;
import org.rftworkbench.core.sharpness.SharpnessGroups;
import org.rftworkbench.core.sharpness.SharpnessResult;
import org.rftworkbench.core.sharpness.SharpnessSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sharpness PROJECT}: the layers x alpha sharpness heatmap (overall + layer-wise), tidy JSON/CSV. */
@Command(name = "sharpness", mixinStandardHelpOptions = true,
        description = {"Overall and layer-wise sharpness of theta(alpha) for each alpha (method-notes section 3).",
            "Default: adaptive worst-case l_inf m-sharpness with logit normalisation, rho 1e-3, T 20, m 128, n 1024, "
                + "on the project's 'sharpness' dataset, block-level groups. Finished cells are cached and reused."})
final class SharpnessCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROJECT", description = "Project file (JSON).")
    Path projectFile;

    @Option(names = "--alphas", paramLabel = "GRID",
            description = "START:STOP:STEP (inclusive) or a comma list; default: the project's grid.")
    String alphas;

    @Option(names = "--groups", paramLabel = "LEVEL", defaultValue = "block",
            description = "Layer groups: block, submodule, tensor, or none (overall only). Default: ${DEFAULT-VALUE}.")
    String groups;

    @Option(names = "--definition", paramLabel = "DEF", defaultValue = "worst",
            description = "worst (m-APGD ascent) or average (random perturbations). Default: ${DEFAULT-VALUE}.")
    String definition;

    @Option(names = "--norm", defaultValue = "linf", description = "linf or l2. Default: ${DEFAULT-VALUE}.")
    String norm;

    @Option(names = "--standard", description = "Standard sharpness, c = 1 (default: adaptive, c = |w| + eta).")
    boolean standard;

    @Option(names = "--eta", defaultValue = "0", description = "Adaptive scale floor: c = |w| + eta. Default: 0.")
    double eta;

    @Option(names = "--no-logit-normalization", description = "Plain CE on raw logits (default: normalised logits).")
    boolean noLogitNormalization;

    @Option(names = "--rho", defaultValue = "0.001", description = "Radius rho. Default: ${DEFAULT-VALUE}.")
    double rho;

    @Option(names = "--steps", defaultValue = "20", description = "Ascent steps T (worst case). Default: 20.")
    int steps;

    @Option(names = {"-m", "--batch-size"}, defaultValue = "128", description = "Batch size m. Default: 128.")
    int batchSize;

    @Option(names = {"-n", "--examples"}, defaultValue = "1024", description = "Examples n. Default: 1024.")
    int examples;

    @Option(names = "--noise", defaultValue = "gaussian", description = "gaussian or uniform (average case).")
    String noise;

    @Option(names = "--samples", defaultValue = "20", description = "Noise draws K per batch (average case).")
    int samples;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the average-case noise. Default: 0.")
    long seed;

    @Option(names = "--noise-file", paramLabel = "FILE",
            description = "Average case: read the noise draws from this safetensors file instead of the seeded RNG.")
    Path noiseFile;

    @Option(names = "--include", paramLabel = "REGEX", description = "Perturb only parameters matching this regex.")
    String include;

    @Option(names = "--exclude", paramLabel = "REGEX", description = "Never perturb parameters matching this regex.")
    String exclude;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "Dataset of the examples (default: the project's dataset with role 'sharpness').")
    String dataset;

    @Mixin
    OutputOptions output = new OutputOptions();

    @Mixin
    NonFiniteOption nonFinite = new NonFiniteOption();

    @Mixin
    RunOption runOption = new RunOption();

    @Mixin
    CacheOptions caches = new CacheOptions();

    @Mixin
    EngineOptions engine = new EngineOptions();

    @Option(names = "--no-resume", description = "Recompute every cell (finished cells are still stored).")
    boolean noResume;

    @Option(names = "--estimate-only", description = "Print the cost estimate and stop.")
    boolean estimateOnly;

    @Option(names = "--benchmark", description = "Print each cell's time against the minimum work and memory use.")
    boolean benchmark;

    @Mixin
    QuietOption quiet = new QuietOption();

    @Override
    public Integer call() throws Exception {
        output.check();
        SharpnessSettings settings = settings();
        LoadedProject project = runOption.select(ProjectStore.load(projectFile));
        List<Double> grid = CliSupport.grid(project, alphas);
        SharpnessGroups.Granularity granularity = groups.equalsIgnoreCase("none") ? null
                : parse(() -> SharpnessGroups.Granularity.parse(groups));
        requireSharpnessDataset(project, settings);
        // the service runs it on a device thread and stores every cell in its result cache: the desktop app and
        // later runs read the same cells
        SharpnessRequest request = new SharpnessRequest(project.file().toString(), grid, settings, granularity,
                new SharpnessRequest.Options(noiseFile == null ? null : noiseFile.toString(), noResume, true,
                        estimateOnly, benchmark), nonFinite.allowNonFinite, runOption.label);
        RequestChecks.validate(request, project);
        PrintWriter err = spec.commandLine().getErr();
        CacheTally tally = new CacheTally();
        SharpnessResult result;
        try (ConsoleProgress progress = quiet.progress();
                ComputeService service = engine.service(caches, Precision.FP32)) {
            result = CliSupport.await(service.analyze(request, Priority.USER, null,
                    CliSupport.console(progress, err, tally)));
        }
        if (estimateOnly) {
            return 0;
        }
        if (output.out != null) {
            CliSupport.writeJson(output.out, result);
        }
        if (output.csv != null) {
            CliSupport.writeText(output.csv, result.toCsv());
        }
        printTable(result, spec.commandLine().getOut());
        tally.print(err);
        return 0;
    }

    private SharpnessSettings settings() throws RftException {
        return parse(() -> new SharpnessSettings(
                definition.toLowerCase(Locale.ROOT).startsWith("avg") || definition.toLowerCase(Locale.ROOT)
                        .startsWith("average") ? SharpnessSettings.Definition.AVERAGE_CASE
                        : enumOf(SharpnessSettings.Definition.class, definition.startsWith("worst")
                                ? "WORST_CASE" : definition),
                enumOf(SharpnessSettings.Norm.class, norm), !standard, eta, !noLogitNormalization, rho, steps,
                batchSize, examples, seed, enumOf(SharpnessSettings.Noise.class, noise), samples, include, exclude,
                dataset));
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown " + type.getSimpleName().toLowerCase(Locale.ROOT) + " '"
                    + value + "'");
        }
    }

    private interface Parse<T> {
        T get();
    }

    private static <T> T parse(Parse<T> p) throws RftException {
        try {
            return p.get();
        } catch (IllegalArgumentException e) {
            throw new RftException(e.getMessage());
        }
    }

    /** Without --dataset the project needs a dataset with role "sharpness". */
    private static void requireSharpnessDataset(LoadedProject project, SharpnessSettings s) throws RftException {
        if (s.dataset() == null && project.spec().datasets().stream()
                .noneMatch(e -> e.role() == ProjectSpec.Role.SHARPNESS)) {
            throw new RftException(project.file() + ": no dataset with role 'sharpness'; name one with --dataset");
        }
    }

    private static void printTable(SharpnessResult result, PrintWriter out) {
        Map<String, Map<Double, Double>> byGroup = new LinkedHashMap<>();
        List<Double> alphaList = new ArrayList<>();
        for (SharpnessResult.Cell c : result.cells()) {
            byGroup.computeIfAbsent(c.group(), g -> new LinkedHashMap<>()).put(c.alpha(), c.value().loss());
            if (!alphaList.contains(c.alpha())) {
                alphaList.add(c.alpha());
            }
        }
        out.println("loss sharpness (" + result.settings().canonical() + ")");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-18s", "group \\ alpha"));
        for (double a : alphaList) {
            header.append(String.format(Locale.ROOT, " %9.3f", a));
        }
        out.println(header);
        for (Map.Entry<String, Map<Double, Double>> g : byGroup.entrySet()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-18s", g.getKey()));
            for (double a : alphaList) {
                row.append(String.format(Locale.ROOT, " %9.5f", g.getValue().get(a)));
            }
            out.println(row);
        }
        out.flush();
    }
}
