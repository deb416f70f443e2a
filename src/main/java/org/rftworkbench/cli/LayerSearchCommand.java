package org.rftworkbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.AlphaGrids;
import org.rftworkbench.core.layers.LayerMixingSearch;
import org.rftworkbench.core.layers.LayerSearchResult;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.Estimate;
import org.rftworkbench.core.service.LayerSearchRequest;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.study.PairRequests;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layer-search PROJECT}: searches one alpha per block-level layer group on the validation part of the
 * project's recorded split (stragglers first) and reports the alphas found against uniform WiSE-FT on the untouched
 * test part, with 95% intervals. Refuses a project without a split unless {@code --make-split} records one.
 */
@Command(name = "layer-search", mixinStandardHelpOptions = true,
        description = "Search per-layer-group alphas that raise average OOD accuracy with ID accuracy within a "
                + "tolerance of uniform interpolation, tuned on a validation split only; report both on the held-out "
                + "test part.")
final class LayerSearchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROJECT", description = "Project file (JSON).")
    Path projectFile;

    @Option(names = "--make-split", description = "Record a seeded, stratified validation/test split of every ID and "
            + "OOD dataset in the project file when it has none (with --force: replace the recorded one).")
    boolean makeSplit;

    @Option(names = "--force", description = "With --make-split: replace a recorded split.")
    boolean force;

    @Option(names = "--split-fraction", paramLabel = "F", defaultValue = "0.5",
            description = "Share of each class that is validation (default: ${DEFAULT-VALUE}).")
    double splitFraction;

    @Option(names = "--split-seed", paramLabel = "N", defaultValue = "0",
            description = "Shuffle seed of a new split (default: ${DEFAULT-VALUE}).")
    long splitSeed;

    @Option(names = "--alphas", paramLabel = "LIST", defaultValue = "0,0.25,0.5,0.75,1",
            description = "Candidate alphas, uniform and per group (default: ${DEFAULT-VALUE}).")
    String candidates;

    @Option(names = "--tolerance", paramLabel = "POINTS", defaultValue = "0.5",
            description = "How far validation ID top-1 may fall below uniform's, in points (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--baseline", paramLabel = "ALPHA",
            description = "The uniform alpha to beat and start from, e.g. 0.5 (default: the best candidate by "
                    + "validation average OOD).")
    Double baseline;

    @Option(names = "--passes", paramLabel = "N", defaultValue = "2",
            description = "Coordinate passes at most (default: ${DEFAULT-VALUE}).")
    int passes;

    @Option(names = "--first", split = ",", paramLabel = "GROUP",
            description = "Groups to visit first (default: the stragglers, by layer-wise instability as `stragglers` "
                    + "and `study` find them).")
    List<String> first;

    @Mixin
    RunOption runOption = new RunOption();

    @Mixin
    BatchSizeOption batchSize = new BatchSizeOption();

    @Option(names = "--out", paramLabel = "FILE", description = "Write the result (with its settings) as JSON.")
    Path out;

    @Mixin
    NonFiniteOption nonFinite = new NonFiniteOption();

    @Mixin
    CacheOptions caches = new CacheOptions();

    @Mixin
    QuietOption quiet = new QuietOption();

    @Override
    public Integer call() throws Exception {
        OutputOptions.checkWritable(out);
        LoadedProject project = runOption.select(ProjectStore.load(projectFile));
        LayerMixingSearch.Settings settings;
        try {
            settings = new LayerMixingSearch.Settings(AlphaGrids.parse(candidates), tolerance / 100, passes,
                    baseline);
        } catch (IllegalArgumentException e) {
            throw new RftException(e.getMessage());
        }
        if (makeSplit && force && project.spec().validationSplit() != null) {
            // the device reads the project file: drop the old split there first (atomic save)
            ProjectStore.save(project.spec().withValidationSplit(null), project.file());
            project = runOption.select(ProjectStore.load(projectFile));
        }
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        CacheTally tally = new CacheTally();
        LayerSearchResult result;
        try (ConsoleProgress progress = quiet.progress(); ComputeService service = caches.service()) {
            List<String> visitFirst = first;
            if (visitFirst == null) {
                visitFirst = CliSupport.await(service.analyze(PairRequests.defaultStragglers(project,
                        runOption.label), Priority.USER, null,
                        CliSupport.console(progress, err, tally))).report().stragglers();
            }
            LayerSearchRequest request = new LayerSearchRequest(project.file().toString(), runOption.label, settings,
                    visitFirst, makeSplit ? new LayerSearchRequest.NewSplit(splitFraction, splitSeed) : null,
                    batchSize.batchSize, nonFinite.allowNonFinite);
            RequestChecks.validate(request, project);
            result = CliSupport.await(service.analyze(request, Priority.USER, null,
                    CliSupport.console(progress, err, tally)));
        }
        if (result.splitCreated()) {
            // reread: the file may have changed while the search ran; only the split is added
            LoadedProject now = ProjectStore.load(projectFile);
            ProjectStore.save(now.spec().withValidationSplit(result.split()), now.file());
            err.println("recorded the validation split (" + Math.round(100 * result.split().fraction())
                    + "% of each class, seed " + result.split().seed() + ") in " + now.file());
        }
        if (out != null) {
            CliSupport.writeJson(out, result);
        }
        print(result, stdout);
        tally.print(err);
        return 0;
    }

    static void print(LayerSearchResult r, PrintWriter out) {
        LayerMixingSearch.Outcome o = r.outcome();
        out.println(String.format(Locale.ROOT, "per-layer alphas for %s (validation: %d%% of each class, seed %d; "
                + "* = visited first)", r.run(), Math.round(100 * r.split().fraction()), r.split().seed()));
        for (Map.Entry<String, Double> e : o.groupAlphas().entrySet()) {
            out.println(String.format(Locale.ROOT, "  %-24s %5.2f%s", e.getKey(), e.getValue(),
                    r.first().contains(e.getKey()) ? " *" : ""));
        }
        out.println(String.format(Locale.ROOT, "validation: uniform alpha %.2f ID %.2f %% OOD %.2f %%; per-layer ID "
                + "%.2f %% OOD %.2f %% (%d tries)", o.uniformAlpha(), 100 * o.uniform().idTop1(),
                100 * o.uniform().avgOodTop1(), 100 * o.found().idTop1(), 100 * o.found().avgOodTop1(),
                o.steps().size()));
        out.println(String.format(Locale.ROOT, "held-out test part, top-1 %% [95%% interval]: %-16s %-22s %-22s %s",
                "", "uniform", "per-layer", "difference"));
        for (String name : r.uniformTest().datasets().keySet()) {
            row(out, name, r.uniformTest().datasets().get(name), r.foundTest().datasets().get(name));
        }
        if (r.uniformTest().averageOod() != null) {
            row(out, "average OOD", r.uniformTest().averageOod(), r.foundTest().averageOod());
        }
        out.flush();
    }

    private static void row(PrintWriter out, String name, Estimate uniform, Estimate found) {
        out.println(String.format(Locale.ROOT, "  %-16s %6.2f [%.2f, %.2f]   %6.2f [%.2f, %.2f]   %+.2f points",
                name, 100 * uniform.top1(), 100 * uniform.low(), 100 * uniform.high(), 100 * found.top1(),
                100 * found.low(), 100 * found.high(), 100 * (found.top1() - uniform.top1())));
    }
}
