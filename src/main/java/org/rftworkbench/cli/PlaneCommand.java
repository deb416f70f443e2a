package org.rftworkbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.AlphaGrids;
import org.rftworkbench.core.eval.PlaneOrder;
import org.rftworkbench.core.eval.PlaneResult;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.PlaneRequest;
import org.rftworkbench.core.service.Priority;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code plane PROJECT --b1 RUN --b2 RUN}: evaluates a grid over the plane through A and two runs,
 * theta(u, v) = A + u (B1 - A) + v (B2 - A), through the compute service (cells cached, resumable, shared with the
 * desktop app's Plane view; cells on v = 0 are the sweep's own). {@code figures --plane FILE} draws its JSON.
 */
@Command(name = "plane", mixinStandardHelpOptions = true,
        description = "Evaluate the plane theta(u, v) = A + u (B1 - A) + v (B2 - A) through A and two runs on a "
                + "(u, v) grid: ID accuracy, average OOD accuracy and ID loss per point.")
final class PlaneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROJECT", description = "Project file (JSON).")
    Path projectFile;

    @Option(names = "--b1", paramLabel = "RUN",
            description = "Run towards which u moves (default: the project's selected run).")
    String b1;

    @Option(names = "--b2", paramLabel = "RUN", required = true, description = "Run towards which v moves.")
    String b2;

    @Option(names = "--grid", paramLabel = "GRID", defaultValue = "-0.2:1.2:0.1",
            description = "u values, START:STOP:STEP (inclusive) or a comma list (default: ${DEFAULT-VALUE}).")
    String grid;

    @Option(names = "--v-grid", paramLabel = "GRID", description = "v values, if not the same as --grid.")
    String vGrid;

    @Option(names = "--datasets", split = ",", paramLabel = "NAME",
            description = "Datasets to evaluate (default: every id and ood dataset).")
    List<String> datasets;

    @Mixin
    BatchSizeOption batchSize = new BatchSizeOption();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Mixin
    NonFiniteOption nonFinite = new NonFiniteOption();

    @Mixin
    CacheOptions caches = new CacheOptions();

    @Mixin
    PathOptions paths = new PathOptions();

    @Mixin
    QuietOption quiet = new QuietOption();

    @Override
    public Integer call() throws Exception {
        output.check();
        LoadedProject project = ProjectStore.load(projectFile);
        if (b1 != null) {
            project = project.withSelectedRun(b1);
        }
        List<Double> us = AlphaGrids.parse(grid);
        List<Double> vs = vGrid == null ? us : AlphaGrids.parse(vGrid);
        PlaneRequest request = new PlaneRequest(project.file().toString(), b1, b2, us, vs, datasets,
                batchSize.batchSize, nonFinite.allowNonFinite);
        RequestChecks.validate(request, project);
        PrintWriter err = spec.commandLine().getErr();
        CacheTally tally = new CacheTally();
        PlaneResult result;
        int coarse = PlaneOrder.coarseCount((int) us.stream().distinct().count(), (int) vs.stream().distinct().count());
        AtomicInteger arrived = new AtomicInteger();
        AtomicLong coarseNanos = new AtomicLong(-1);
        long start = System.nanoTime();
        try (ConsoleProgress progress = quiet.progress(); ComputeService service = caches.service()) {
            Consumer<JobEvent> console = CliSupport.console(progress, err, tally);
            result = CliSupport.await(service.analyze(request, Priority.USER, null, event -> {
                if (event instanceof JobEvent.PlaneCell && arrived.incrementAndGet() == coarse) {
                    coarseNanos.set(System.nanoTime() - start);
                }
                console.accept(event);
            }));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        PlaneResult written = paths.absolutePaths ? result : result.withPortablePaths();
        if (output.out != null) {
            CliSupport.writeJson(output.out, written);
        }
        if (output.csv != null) {
            CliSupport.writeText(output.csv, toCsv(result));
        }
        printTable(result, spec.commandLine().getOut());
        // the plane's cost, for BENCHMARKS and for planning a larger grid (opening the project included)
        err.println(String.format(Locale.ROOT, "plane: %d points in %.1f s (%.2f points/s); first full coarse "
                + "picture (%d points) after %.1f s", result.cells().size(), seconds, result.cells().size() / seconds,
                coarse, coarseNanos.get() < 0 ? seconds : coarseNanos.get() / 1e9));
        tally.print(err);
        return 0;
    }

    /** Tidy CSV: one row per (u, v, dataset), then one avg_ood row per point. */
    static String toCsv(PlaneResult result) {
        StringBuilder sb = new StringBuilder("u,v,dataset,role,n,top1,top5,loss,nonFinite\n");
        for (PlaneResult.Cell c : result.cells()) {
            for (Map.Entry<String, SweepResult.Metrics> e : c.datasets().entrySet()) {
                SweepResult.Metrics m = e.getValue();
                sb.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%d,%.6f,%.6f,%.6f,%d%n", c.u(), c.v(), e.getKey(),
                        m.role(), m.n(), m.top1(), m.top5(), m.loss(), m.nonFinite()));
            }
            if (c.avgOodTop1() != null) {
                sb.append(String.format(Locale.ROOT, "%s,%s,avg_ood,ood,,%.6f,,,%n", c.u(), c.v(), c.avgOodTop1()));
            }
        }
        return sb.toString();
    }

    /** Average OOD top-1 (%) as a text grid: v downwards from the largest, u across, A/B1/B2/soup marked. */
    private static void printTable(PlaneResult result, PrintWriter out) {
        PlaneResult.Metric metric = result.cells().stream().anyMatch(c -> c.avgOodTop1() != null)
                ? PlaneResult.Metric.AVG_OOD_TOP1 : PlaneResult.Metric.ID_TOP1;
        out.println(metric.label() + " (%) over theta(u, v) = A + u (B1 - A) + v (B2 - A)");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%7s", "v \\ u"));
        for (double u : result.us()) {
            header.append(String.format(Locale.ROOT, " %6.2f", u));
        }
        out.println(header);
        List<Double> vs = new ArrayList<>(result.vs());
        java.util.Collections.reverse(vs);
        for (double v : vs) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%7.2f", v));
            for (double u : result.us()) {
                Double value = result.cell(u, v).map(c -> c.value(metric)).orElse(null);
                row.append(value == null ? String.format(Locale.ROOT, " %6s", "-")
                        : String.format(Locale.ROOT, " %6.2f", 100 * value));
            }
            out.println(row);
        }
        result.cells().stream().filter(c -> c.value(metric) != null)
                .max(java.util.Comparator.comparingDouble(c -> c.value(metric)))
                .ifPresent(best -> out.println(String.format(Locale.ROOT, "best: %.2f %% at u = %s, v = %s",
                        100 * best.value(metric), best.u(), best.v())));
        out.flush();
    }
}
