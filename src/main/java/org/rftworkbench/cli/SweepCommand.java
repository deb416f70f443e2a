package org.rftworkbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.interpolate.AlphaOverrides;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.Precision;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.SweepRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sweep PROJECT}: evaluates every alpha of a grid on the project's datasets, through the embedded compute
 * service, so the cells land in (and come from) the same result cache the desktop app reads.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Interpolate the project's endpoints at each alpha and evaluate top-1/top-5/loss on its datasets.")
final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROJECT", description = "Project file (JSON).")
    Path projectFile;

    @Option(names = "--alphas", paramLabel = "GRID",
            description = "START:STOP:STEP (inclusive) or a comma list; default: the project's grid.")
    String alphas;

    @Option(names = "--datasets", split = ",", paramLabel = "NAME",
            description = "Datasets to evaluate (default: every id and ood dataset).")
    List<String> datasets;

    @Option(names = "--layer-alpha", paramLabel = "REGEX=ALPHA",
            description = "Per-layer alpha override (repeatable; first match wins; replaces the project's).")
    List<String> layerAlphas = new ArrayList<>();

    @Mixin
    BatchSizeOption batchSize = new BatchSizeOption();

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

    @Mixin
    PathOptions paths = new PathOptions();

    @Mixin
    QuietOption quiet = new QuietOption();

    @Option(names = "--precision", paramLabel = "P",
            description = "Evaluation precision: fp32, bf16 or fp16 (low precision is meant for GPUs; default: fp32).")
    String precision = "fp32";

    @Override
    public Integer call() throws Exception {
        output.check();
        LoadedProject project = runOption.select(ProjectStore.load(projectFile));
        List<Double> grid = CliSupport.grid(project, alphas);
        // no --layer-alpha: null lets the service use the project's own overrides
        List<AlphaOverrides.Rule> rules = layerAlphas.isEmpty() ? null : AlphaOverrides.parse(layerAlphas).rules();
        Precision evalPrecision;
        try {
            evalPrecision = Precision.parse(precision);
        } catch (IllegalArgumentException e) {
            throw new RftException("--precision: " + e.getMessage());
        }
        // no --batch-size: null lets the service use the project's (checked against the limit as the project's)
        SweepRequest request = new SweepRequest(project.file().toString(), grid, rules, datasets,
                batchSize.batchSize, nonFinite.allowNonFinite, runOption.label);
        RequestChecks.validate(request, project);
        SweepResult result;
        PrintWriter err = spec.commandLine().getErr();
        CacheTally tally = new CacheTally();
        try (ConsoleProgress progress = quiet.progress();
                ComputeService service = engine.service(caches, evalPrecision)) {
            result = CliSupport.await(service.sweep(request, Priority.USER, null,
                    CliSupport.console(progress, err, tally)));
        }
        if (output.out != null) {
            CliSupport.writeJson(output.out, paths.absolutePaths ? result : result.withPortablePaths());
        }
        if (output.csv != null) {
            CliSupport.writeText(output.csv, toCsv(result));
        }
        printTable(result, spec.commandLine().getOut());
        tally.print(err);
        return 0;
    }

    /**
     * Tidy CSV: one row per (alpha, dataset); readable by pandas and pgfplots. The last column, nonFinite, counts the
     * images whose logits held NaN/Inf (counted as wrong; added last so parsers of the older columns keep working).
     */
    static String toCsv(SweepResult result) {
        StringBuilder sb = new StringBuilder("alpha,dataset,role,n,top1,top5,loss,nonFinite\n");
        for (SweepResult.Point p : result.points()) {
            for (Map.Entry<String, SweepResult.Metrics> e : p.datasets().entrySet()) {
                SweepResult.Metrics m = e.getValue();
                sb.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%.6f,%.6f,%.6f,%d%n", p.alpha(), e.getKey(),
                        m.role(), m.n(), m.top1(), m.top5(), m.loss(), m.nonFinite()));
            }
            if (p.avgOodTop1() != null) {
                sb.append(String.format(Locale.ROOT, "%s,avg_ood,ood,,%.6f,,,%n", p.alpha(), p.avgOodTop1()));
            }
        }
        return sb.toString();
    }

    private static void printTable(SweepResult result, PrintWriter out) {
        if (result.points().isEmpty()) {
            return;
        }
        List<String> columns = new ArrayList<>(result.points().get(0).datasets().keySet());
        boolean hasOod = result.points().get(0).avgOodTop1() != null;
        if (hasOod) {
            columns.add("avg_ood");
        }
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%7s", "alpha"));
        for (String c : columns) {
            header.append(String.format(Locale.ROOT, " %" + Math.max(8, c.length()) + "s", c));
        }
        out.println("top-1 accuracy (%), theta(alpha) = (1-alpha)*A + alpha*B");
        out.println(header);
        for (SweepResult.Point p : result.points()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%7.3f", p.alpha()));
            for (String c : columns) {
                double top1 = c.equals("avg_ood") && !p.datasets().containsKey(c) ? p.avgOodTop1()
                        : p.datasets().get(c).top1();
                row.append(String.format(Locale.ROOT, " %" + Math.max(8, c.length()) + ".2f", 100 * top1));
            }
            out.println(row);
        }
        out.flush();
    }
}
