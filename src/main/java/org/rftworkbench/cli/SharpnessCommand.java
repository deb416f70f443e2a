package org.rftworkbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.AlphaGrids;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.JobHandle;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.cache.ResultCacheCellStore;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;
import org.rftworkbench.core.session.InterpolationWorkspace;
import org.rftworkbench.core.sharpness.CellStore;
import org.rftworkbench.core.sharpness.NoiseFile;
import org.rftworkbench.core.sharpness.SharpnessData;
import org.rftworkbench.core.sharpness.SharpnessGroups;
import org.rftworkbench.core.sharpness.SharpnessHeatmap;
import org.rftworkbench.core.sharpness.SharpnessMeter;
import org.rftworkbench.core.sharpness.SharpnessResult;
import org.rftworkbench.core.sharpness.SharpnessSettings;
import org.rftworkbench.core.util.AtomicFiles;
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

    @Option(names = "--out", paramLabel = "FILE", description = "Write the result (cells + tidy rows) as JSON.")
    Path out;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write tidy rows as CSV.")
    Path csv;

    @Option(names = "--allow-non-finite",
            description = "Evaluate checkpoints that hold NaN/Inf (with a warning) instead of refusing them.")
    boolean allowNonFinite;

    @Mixin
    CacheOptions caches = new CacheOptions();

    @Option(names = "--no-resume", description = "Recompute every cell (finished cells are still stored).")
    boolean noResume;

    @Option(names = "--estimate-only", description = "Print the cost estimate and stop.")
    boolean estimateOnly;

    @Option(names = "--benchmark", description = "Print each cell's time against the minimum work and memory use.")
    boolean benchmark;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar (it is shown only on a terminal anyway).")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        SharpnessSettings settings = settings();
        LoadedProject project = ProjectStore.load(projectFile);
        List<Double> grid = alphas != null ? AlphaGrids.parse(alphas) : AlphaGrids.of(project.spec().alphaGrid());
        SharpnessGroups.Granularity granularity = groups.equalsIgnoreCase("none") ? null
                : parse(() -> SharpnessGroups.Granularity.parse(groups));
        PrintWriter err = spec.commandLine().getErr();
        List<String> datasets = datasetsToOpen(project, settings);
        RequestChecks.validate(new org.rftworkbench.core.service.SharpnessRequest(project.file().toString(), grid,
                settings, granularity, allowNonFinite), project);
        SharpnessResult result;
        // Runs on the compute service's device thread, on the project it keeps open, and stores every cell in the
        // service's result cache: the desktop app and later runs read the same cells.
        try (ConsoleProgress progress = new ConsoleProgress(!quiet && System.console() != null);
                EmbeddedComputeService service = new EmbeddedComputeService(
                        EmbeddedComputeService.Settings.of(caches.results(), caches.tensors()))) {
            JobHandle<SharpnessResult> job = service.submit("sharpness " + grid.size() + " alphas", Priority.USER,
                    null, (device, context) -> {
                        InterpolationWorkspace ws = device.open(project.file(), datasets, context.progress())
                                .workspace();
                        RequestChecks.checkFinite(ws, allowNonFinite, err);
                        try (NoiseFile fileNoise = noiseFile == null ? null
                                : NoiseFile.open(noiseFile, ws.workingModel().manager().getDevice())) {
                            SharpnessData data = SharpnessHeatmap.dataFor(ws, settings);
                            SharpnessMeter meter = new SharpnessMeter(ws.workingModel(), data, settings, fileNoise);
                            CellStore store = new ResultCacheCellStore(device.results());
                            SharpnessHeatmap heatmap = new SharpnessHeatmap(ws, meter,
                                    noResume ? writeOnly(store) : store);
                            ws.interpolator().apply(grid.get(0));
                            double[] times = meter.timePasses(meter.perturbable(), 3);
                            printEstimate(err, heatmap.cellCount(grid, granularity), data, settings, times);
                            if (estimateOnly) {
                                return null;
                            }
                            if (benchmark) {
                                heatmap.onCell(new BenchmarkLog(err, meter, heatmap.groups(granularity), ws)::cell);
                            }
                            return heatmap.run(grid, granularity, context.progress());
                        }
                    }, event -> {
                        if (event instanceof JobEvent.Progress p) {
                            progress.update(p.task(), p.done(), p.total());
                        }
                    });
            result = SweepCommand.await(job);
        }
        if (result == null) {
            return 0;
        }
        if (out != null) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            AtomicFiles.write(out, mapper.writeValueAsBytes(result), false);
        }
        if (csv != null) {
            AtomicFiles.write(csv, result.toCsv().getBytes(StandardCharsets.UTF_8), false);
        }
        printTable(result, spec.commandLine().getOut());
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

    /** Only the dataset sharpness needs is prepared. */
    private static List<String> datasetsToOpen(LoadedProject project, SharpnessSettings s) throws RftException {
        if (s.dataset() != null) {
            return List.of(s.dataset());
        }
        for (ProjectSpec.DatasetEntry e : project.spec().datasets()) {
            if (e.role() == ProjectSpec.Role.SHARPNESS) {
                return List.of(e.name());
            }
        }
        throw new RftException(project.file() + ": no dataset with role 'sharpness'; name one with --dataset");
    }

    private static CellStore writeOnly(CellStore store) {
        return new CellStore() {
            @Override
            public java.util.Optional<org.rftworkbench.core.sharpness.SharpnessValue> get(String key) {
                return java.util.Optional.empty();
            }

            @Override
            public void put(String key, org.rftworkbench.core.sharpness.SharpnessValue value) throws IOException {
                store.put(key, value);
            }
        };
    }

    private static void printEstimate(PrintWriter err, int cells, SharpnessData data, SharpnessSettings s,
            double[] times) {
        boolean worst = s.definition() == SharpnessSettings.Definition.WORST_CASE;
        long passes = (long) cells * data.batchCount() * (worst ? s.steps() : s.samples() + 1);
        double perPass = worst ? times[0] : times[1];
        err.printf(Locale.ROOT, "cost: %d cells x %d batches x %d %s = %d passes of %d images; one takes %.3f s "
                + "here, so at most ~%s (layer-wise cells need shorter backward passes; cached cells are free)%n",
                cells, data.batchCount(), worst ? s.steps() : s.samples() + 1, worst ? "forward+backward"
                        : "forward", passes, s.batchSize(), perPass, duration(passes * perPass));
        err.flush();
    }

    static String duration(double seconds) {
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
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

    /**
     * --benchmark: each computed cell against its minimum work (its forward+backward passes times one pass of the
     * same group timed right after the cell, interleaved so machine load hits both alike), and memory after a GC.
     */
    private static final class BenchmarkLog {
        private final PrintWriter err;
        private final SharpnessMeter meter;
        private final java.util.Map<String, List<String>> groups;
        private final InterpolationWorkspace ws;

        BenchmarkLog(PrintWriter err, SharpnessMeter meter, java.util.Map<String, List<String>> groups,
                InterpolationWorkspace ws) {
            this.err = err;
            this.meter = meter;
            this.groups = groups;
            this.ws = ws;
        }

        void cell(SharpnessResult.Cell c) {
            if (c.fromCache()) {
                return;
            }
            double pass = meter.timePasses(groups.get(c.group()), 3)[0];
            // the floor is steps x batches forward+backward passes (= forwardBackward(), the final forward is extra)
            double minimum = c.value().forwardBackward() * pass;
            System.gc();
            java.lang.management.MemoryUsage heap = java.lang.management.ManagementFactory.getMemoryMXBean()
                    .getHeapMemoryUsage();
            long direct = java.lang.management.ManagementFactory.getPlatformMXBeans(
                    java.lang.management.BufferPoolMXBean.class).stream().filter(b -> b.getName().equals("direct"))
                    .mapToLong(java.lang.management.BufferPoolMXBean::getMemoryUsed).sum();
            err.printf(Locale.ROOT, "benchmark: alpha %s %-16s %8.3f s, one fwd+bwd of this group %.4f s, "
                    + "minimum %d x %.4f = %.3f s, ratio %.2f; rss %d MiB, heap %d MiB, direct %d KiB, "
                    + "managed arrays %d%n", c.alpha(), c.group(), c.value().seconds(), pass,
                    c.value().forwardBackward(), pass, minimum,
                    c.value().seconds() / minimum, rssMiB(), heap.getUsed() >> 20, direct >> 10,
                    ws.workingModel().manager().getManagedArrays().size());
            err.flush();
        }

        private static long rssMiB() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                    }
                }
            } catch (IOException | RuntimeException e) {
                return -1;
            }
            return -1;
        }
    }
}
