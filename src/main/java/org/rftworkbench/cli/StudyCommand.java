package org.rftworkbench.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.Version;
import org.rftworkbench.core.eval.AlphaGrids;
import org.rftworkbench.core.layers.ErrorMetric;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.JobRequest;
import org.rftworkbench.core.service.cluster.ClusterComputeService;
import org.rftworkbench.core.service.Precision;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.sharpness.SharpnessSettings;
import org.rftworkbench.core.study.CrossPairAnalysis;
import org.rftworkbench.core.study.PairRequests;
import org.rftworkbench.core.study.PairRow;
import org.rftworkbench.core.study.StudyMeasures;
import org.rftworkbench.core.study.StudyResult;
import org.rftworkbench.core.study.StudyRunner;
import org.rftworkbench.core.study.StudySettings;
import org.rftworkbench.core.study.StudyTables;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code study PROJECT}: the population-level question over a pool of fine-tuned runs. For every run: the sweep,
 * failure metrics, stragglers and sharpness along the path, all through the compute service and its cache; then
 * Kendall tau-b over runs between each predictor and each outcome.
 */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = {"For every run of a pool project (A against each fine-tuned run): sweep, failure metrics "
                + "(G_zs, G_end, chord gap, ID barrier), straggler groups and sharpness along the path; then Kendall "
                + "tau-b with bootstrap intervals over runs between each predictor and each outcome. Cells are "
                + "cached: a second run, or one interrupted, reads what is done."})
final class StudyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROJECT", description = "Project file (JSON) with at least 2 runs.")
    java.nio.file.Path projectFile;

    @Option(names = "--runs", split = ",", paramLabel = "LABEL",
            description = "Study these runs, in this order (default: every run).")
    List<String> runs;

    @Option(names = "--alphas", paramLabel = "GRID",
            description = "Grid of the sweep and of the instability heatmap: START:STOP:STEP or a comma list "
                    + "(default: the project's; 0 and 1 are added).")
    String alphas;

    @Option(names = "--sharpness-alphas", paramLabel = "GRID", defaultValue = "0,0.5,1",
            description = "Alphas of the sharpness heatmap (default: ${DEFAULT-VALUE}).")
    String sharpnessAlphas;

    @Option(names = {"-n", "--examples"}, defaultValue = "128",
            description = "Sharpness examples n (default: ${DEFAULT-VALUE}, the Layers view's Quick preset).")
    int examples;

    @Option(names = "--steps", defaultValue = "10",
            description = "Sharpness ascent steps T (default: ${DEFAULT-VALUE}, the Quick preset).")
    int steps;

    @ArgGroup(exclusive = true)
    StragglersCommand.SelectionOptions selection = new StragglersCommand.SelectionOptions();

    @Option(names = "--metric", defaultValue = "loss",
            description = "Error of the instability heatmap: loss | error (default: ${DEFAULT-VALUE}).")
    ErrorMetric metric;

    @Option(names = "--predictor-alpha", defaultValue = "0.5",
            description = "Alpha of the 'at alpha' sharpness predictors (on the sharpness grid; default: "
                    + "${DEFAULT-VALUE}).")
    double predictorAlpha;

    @Option(names = "--outcome-alpha", defaultValue = "0.5",
            description = "Alpha of the 'avg OOD at alpha' outcome (on the sweep grid; default: ${DEFAULT-VALUE}).")
    double outcomeAlpha;

    @Option(names = "--resamples", defaultValue = "2000", description = "Bootstrap resamples (default: "
            + "${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--seed", defaultValue = "0", description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--correlations-csv", paramLabel = "FILE",
            description = "Write the cross-pair table as CSV (one row per predictor and outcome).")
    java.nio.file.Path correlationsCsv;

    @Mixin
    OutputOptions output = new OutputOptions();

    @Mixin
    BatchSizeOption batchSize = new BatchSizeOption();

    @Mixin
    CacheOptions caches = new CacheOptions();

    @Mixin
    EngineOptions engine = new EngineOptions();

    @Mixin
    PathOptions paths = new PathOptions();

    @Mixin
    QuietOption quiet = new QuietOption();

    @Override
    public Integer call() throws Exception {
        output.check();
        OutputOptions.checkWritable(correlationsCsv);
        LoadedProject project = ProjectStore.load(projectFile);
        StudySettings settings = settings(project);
        List<String> studied = PairRequests.runs(project, settings);
        for (String run : studied) {
            PairRequests r = PairRequests.of(project, settings, run);
            RequestChecks.validate(r.sweep(), project.withSelectedRun(run));
            RequestChecks.validate(r.stragglers(), project.withSelectedRun(run));
            RequestChecks.validate(r.sharpness(), project.withSelectedRun(run));
        }
        PrintWriter err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "study: %d runs x (sweep of %d alphas, instability heatmap of %d alphas, sharpness of "
                + "%d alphas x block groups, n = %d, T = %d)%n", studied.size(), settings.sweepAlphas().size(),
                AlphaGrids.withEndpoints(settings.stragglerAlphas()).size(), settings.sharpnessAlphas().size(),
                settings.sharpness().examples(), settings.sharpness().steps());
        err.flush();
        CacheTally tally = new CacheTally();
        StudyResult result;
        try (ConsoleProgress progress = quiet.progress();
                ComputeService service = engine.service(caches, Precision.FP32)) {
            if (service instanceof ClusterComputeService cluster) {
                // every run's missing cells in one cluster job, pair-affine; the runner below then reads them back
                List<JobRequest> all = new ArrayList<>();
                for (String run : studied) {
                    PairRequests r = PairRequests.of(project, settings, run);
                    all.add(r.sweep());
                    all.add(r.stragglers());
                    all.add(r.sharpness());
                }
                ClusterComputeService.ClusterReport report = cluster.computeMissing(all,
                        CliSupport.console(progress, err, new CacheTally()));
                err.printf(Locale.ROOT, "spark: %d parts in %d tasks: %d cells or results computed on the "
                        + "executors, %d found cached there, %d task attempts retried, %.1f s%n", report.parts(),
                        report.partitions(), report.computed(), report.fromCache(), report.failedAttempts(),
                        report.seconds());
                err.flush();
            }
            StudyRunner runner = new StudyRunner(service);
            result = runner.run(project, settings, Priority.USER, CliSupport.console(progress, err, tally),
                    new StudyRunner.Listener() {
                        @Override
                        public void stage(int index, int count, String run, String stage) {
                            if (!quiet.quiet) {
                                err.printf(Locale.ROOT, "[%d/%d] %s: %s%n", index + 1, count, run, stage);
                                err.flush();
                            }
                        }
                    });
        }
        if (output.out != null) {
            CliSupport.writeJson(output.out, toJson(project, result));
        }
        if (output.csv != null) {
            CliSupport.writeText(output.csv, StudyTables.pairsCsv(result));
        }
        if (correlationsCsv != null) {
            CliSupport.writeText(correlationsCsv, StudyTables.associationsCsv(result));
        }
        print(result, spec.commandLine().getOut());
        tally.print(err);
        return 0;
    }

    private StudySettings settings(LoadedProject project) throws RftException {
        if (examples < 1 || steps < 1 || resamples < 1) {
            throw new RftException("--examples, --steps and --resamples must be at least 1");
        }
        List<Double> grid = CliSupport.gridWithEndpoints(project, alphas);
        SharpnessSettings quick = StudySettings.quickSharpness();
        SharpnessSettings sharpness = quick.withData(quick.batchSize(), examples, null).withSteps(steps);
        List<Double> sharpGrid = AlphaGrids.parse(sharpnessAlphas);
        if (!grid.contains(outcomeAlpha)) {
            throw new RftException("--outcome-alpha " + outcomeAlpha + " is not on the sweep grid " + grid);
        }
        if (!sharpGrid.contains(predictorAlpha)) {
            throw new RftException("--predictor-alpha " + predictorAlpha + " is not on the sharpness grid "
                    + sharpGrid + " (--sharpness-alphas)");
        }
        StudySettings defaults = StudySettings.defaults(grid);
        return new StudySettings(runs, grid, grid, defaults.baseAlpha(), metric,
                CliSupport.selection(selection.epsilon, selection.topK), sharpGrid, sharpness, predictorAlpha,
                outcomeAlpha, resamples, seed, defaults.level(), defaults.tolerance(), batchSize.batchSize);
    }

    private Map<String, Object> toJson(LoadedProject project, StudyResult r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tool", "rft-workbench");
        root.put("version", Version.get());
        root.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        root.put("project", paths.write(project.file().getParent(), project.file()));
        root.put("settings", r.settings());
        root.put("units", "accuracies and gains are fractions (0.01 = one percentage point); loss, barrier and "
                + "sharpness in nats; instability in the heatmap metric's unit; weight change relative");
        root.put("pairs", r.rows());
        root.put("associations", r.associations());
        root.put("summary", r.summary());
        return root;
    }

    private static void print(StudyResult r, PrintWriter out) {
        out.printf(Locale.ROOT, "%-14s %7s %7s %7s %6s %7s %7s %7s %8s  %-9s %s%n", "run", "ID B", "OOD B", "best a",
                "OOD*", "G_zs", "G_end", "chord", "barrier", "verdict", "stragglers");
        for (PairRow row : r.rows()) {
            out.printf(Locale.ROOT, "%-14s %7.2f %7.2f %7.2f %6.2f %+7.2f %+7.2f %+7.2f %8.4f  %-9s %s%n", row.run(),
                    100 * row.idB(), 100 * row.oodB(), row.bestAlpha(), 100 * row.bestOod(),
                    100 * row.gainOverZeroShot(), 100 * row.gainOverEndpoints(), 100 * row.chordGap(),
                    row.idBarrier(), row.verdict(), String.join(", ", row.stragglers()));
        }
        out.println();
        out.printf(Locale.ROOT, "Kendall tau-b over %d runs (%d%% bootstrap CI over runs)%n", r.rows().size(),
                Math.round(r.settings().level() * 100));
        out.printf(Locale.ROOT, "%-32s %-22s %7s %8s   %s%n", "predictor", "outcome", "tau-b", "p", "CI");
        for (CrossPairAnalysis.Association a : r.associations()) {
            out.printf(Locale.ROOT, "%-32s %-22s %+7.3f %8.3g   [%6.3f, %6.3f]%s%n", a.predictor(), a.outcome(),
                    a.tauB(), a.pValue(), a.ciLow(), a.ciHigh(), a.intervalExcludesZero() ? "  *" : "");
        }
        out.println();
        r.summary().forEach(out::println);
        out.println("(accuracies in %; G_zs, G_end, chord in points; barrier: ID loss, nats; " + StudyMeasures.G_ZS
                + " is best interior OOD minus A's; verdicts use a " + 100 * r.settings().tolerance() + "-point tolerance)");
        out.flush();
    }
}
