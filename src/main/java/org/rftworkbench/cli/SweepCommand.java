package org.rftworkbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.engine.Engines;
import org.rftworkbench.core.eval.AlphaGrids;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.interpolate.AlphaOverrides;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.session.InterpolationWorkspace;
import org.rftworkbench.core.session.SweepRunner;
import org.rftworkbench.core.util.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sweep PROJECT}: evaluates every alpha of a grid on the project's datasets. */
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

    @Option(names = "--batch-size", description = "Images per forward pass (default: the project's, else 128).")
    Integer batchSize;

    @Option(names = "--out", paramLabel = "FILE", description = "Write results and provenance as JSON.")
    Path out;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write one row per (alpha, dataset) as CSV.")
    Path csv;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Preprocessed-image cache (default: ~/.cache/rft-workbench/tensors).")
    Path cacheDir;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar (it is shown only on a terminal anyway).")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        LoadedProject project = ProjectStore.load(projectFile);
        List<Double> grid = alphas != null ? AlphaGrids.parse(alphas) : AlphaGrids.of(project.project().alphaGrid());
        int batch = batchSize != null ? batchSize : project.project().effectiveBatchSize();
        if (batch <= 0) {
            throw new RftException("--batch-size must be positive");
        }
        Path cache = cacheDir != null ? cacheDir : Engines.defaultCacheDir().resolve("tensors");
        SweepResult result;
        try (ConsoleProgress progress = new ConsoleProgress(!quiet && System.console() != null);
                InterpolationWorkspace ws = InterpolationWorkspace.open(project, datasets, cache, progress)) {
            warnAboutNonFiniteWeights(ws);
            AlphaOverrides overrides = layerAlphas.isEmpty() ? ws.projectOverrides() : AlphaOverrides.parse(layerAlphas);
            result = SweepRunner.run(ws, grid, overrides, datasets, batch, progress);
        }
        if (out != null) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            AtomicFiles.write(out, mapper.writeValueAsBytes(result), false);
        }
        if (csv != null) {
            AtomicFiles.write(csv, toCsv(result).getBytes(StandardCharsets.UTF_8), false);
        }
        printTable(result, spec.commandLine().getOut());
        return 0;
    }

    private void warnAboutNonFiniteWeights(InterpolationWorkspace ws) {
        PrintWriter err = spec.commandLine().getErr();
        for (var e : List.of(ws.endpointA(), ws.endpointB())) {
            if (!e.nonFinite().isEmpty()) {
                err.println("warning: " + e.source() + ": NaN/Inf in " + e.nonFinite().size() + " tensors: "
                        + String.join(", ", e.nonFinite().subList(0, Math.min(5, e.nonFinite().size()))));
            }
        }
        err.flush();
    }

    /** Tidy CSV: one row per (alpha, dataset); readable by pandas and pgfplots. */
    static String toCsv(SweepResult result) {
        StringBuilder sb = new StringBuilder("alpha,dataset,role,n,top1,top5,loss\n");
        for (SweepResult.Point p : result.points()) {
            for (Map.Entry<String, SweepResult.Metrics> e : p.datasets().entrySet()) {
                SweepResult.Metrics m = e.getValue();
                sb.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%.6f,%.6f,%.6f%n", p.alpha(), e.getKey(), m.role(),
                        m.n(), m.top1(), m.top5(), m.loss()));
            }
            if (p.avgOodTop1() != null) {
                sb.append(String.format(Locale.ROOT, "%s,avg_ood,ood,,%.6f,,%n", p.alpha(), p.avgOodTop1()));
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
