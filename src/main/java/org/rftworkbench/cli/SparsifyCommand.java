package org.rftworkbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.Version;
import org.rftworkbench.core.eval.FailureMetrics;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.layers.ErrorMetric;
import org.rftworkbench.core.layers.LayerInstability;
import org.rftworkbench.core.layers.StragglerAnalysis;
import org.rftworkbench.core.layers.StragglerCriterion;
import org.rftworkbench.core.layers.Stragglers;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.ModelLayout;
import org.rftworkbench.core.service.ModelLayoutRequest;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.SparsityRequest;
import org.rftworkbench.core.service.StragglerRequest;
import org.rftworkbench.core.sparsity.PathEvaluation;
import org.rftworkbench.core.sparsity.SparsityExperiment;
import org.rftworkbench.core.sparsity.SparsitySpec;
import org.rftworkbench.core.sparsity.TensorFilter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sparsify PROJECT}: re-evaluate the path with sparsified layer groups; failure metrics before and after. */
@Command(name = "sparsify", mixinStandardHelpOptions = true,
        description = {"Zero a fraction of the weights of chosen layer groups (the stragglers by default), re-evaluate"
                + " the interpolation path on the ID and OOD sets and report the failure metrics before and after."})
final class SparsifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROJECT", description = "Project file (JSON).")
    Path projectFile;

    @Option(names = "--ratio", required = true, split = ",", paramLabel = "S",
            description = "Sparsity ratio(s) in [0, 1), comma-separated for several runs.")
    List<Double> ratios;

    @Option(names = "--method", defaultValue = "random", description = "random | magnitude (default: ${DEFAULT-VALUE}).")
    SparsitySpec.Method method;

    @Option(names = "--placement", defaultValue = "task-vector",
            description = "task-vector | finetuned | interpolated (default: ${DEFAULT-VALUE}).")
    String placement;

    @Option(names = "--scope", defaultValue = "per_tensor",
            description = "Magnitude threshold per_tensor or per_group (default: ${DEFAULT-VALUE}).")
    SparsitySpec.Scope scope;

    @Option(names = "--groups", defaultValue = "stragglers", paramLabel = "stragglers|NAMES",
            description = "'stragglers' (found by layer-wise instability) or a comma list of group names.")
    String groups;

    @Option(names = "--control", description = "Also run the same sparsity on as many random non-straggler groups.")
    boolean control;

    @Option(names = "--rescale", description = "Task-vector placement: scale kept entries by 1/(1-s).")
    boolean rescale;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of masks and control groups (default: 0).")
    long seed;

    @Option(names = "--top-k", paramLabel = "K", description = "Stragglers: the K most unstable groups (default: "
            + CliSupport.DEFAULT_TOP_K + ").")
    Integer topK;

    @Option(names = "--epsilon", paramLabel = "E", description = "Stragglers: groups with I_l > E instead of top-k.")
    Double epsilon;

    @Option(names = "--base", defaultValue = "b", paramLabel = "b|a|ALPHA",
            description = "Stragglers: alpha of the groups that do not move (default: ${DEFAULT-VALUE}).")
    String base;

    @Option(names = "--metric", defaultValue = "loss", description = "Stragglers: loss | error (default: loss).")
    ErrorMetric metric;

    @Option(names = "--min-dims", defaultValue = "2",
            description = "Only tensors with at least this many dimensions (default: 2 = weight matrices).")
    int minDims;

    @Option(names = "--include", paramLabel = "REGEX", description = "Only tensors whose name matches.")
    String include;

    @Option(names = "--exclude", paramLabel = "REGEX", defaultValue = ".*embedding.*",
            description = "Skip tensors whose name matches (default: ${DEFAULT-VALUE}).")
    String exclude;

    @Option(names = "--tolerance", defaultValue = "0.001",
            description = "Failure tolerance on accuracy, fraction (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--alphas", paramLabel = "GRID", description = "Alpha grid (0 and 1 are always added).")
    String alphas;

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
    PathOptions paths = new PathOptions();

    @Mixin
    QuietOption quiet = new QuietOption();

    /** One evaluated path. */
    record Run(String target, SparsitySpec spec, PathEvaluation.PathResult path) {
    }

    @Override
    public Integer call() throws Exception {
        output.check();
        LoadedProject project = runOption.select(ProjectStore.load(projectFile));
        List<Double> grid = CliSupport.gridWithEndpoints(project, alphas);
        SparsitySpec.Placement where;
        try {
            where = SparsitySpec.Placement.parse(placement);
        } catch (IllegalArgumentException e) {
            throw new RftException("--placement must be task-vector, finetuned or interpolated, not '" + placement
                    + "'");
        }
        Stragglers.Selection selection = CliSupport.selection(epsilon, topK);
        TensorFilter filter = new TensorFilter(minDims, include, exclude);
        for (double ratio : ratios) {
            new SparsitySpec(method, ratio, seed, where, scope, rescale, List.of(), filter).validated();
        }
        LayerInstability.Settings heat = new LayerInstability.Settings(grid, CliSupport.parseBase(base), metric);
        int batch = batchSize.resolve(project);
        RequestChecks.validate(new SparsityRequest(project.file().toString(), grid, null, tolerance, batch,
                nonFinite.allowNonFinite, runOption.label), project);
        boolean findStragglers = groups.equals("stragglers");
        String file = project.file().toString();
        List<Run> runs = new ArrayList<>();
        List<String> targets;
        List<String> controls = List.of();
        PathEvaluation.PathResult baseline;
        PrintWriter err = spec.commandLine().getErr();
        CacheTally tally = new CacheTally();
        // every step is a request to the compute service, so reruns come from its result cache
        try (ConsoleProgress progress = quiet.progress();
                ComputeService service = caches.service()) {
            Consumer<JobEvent> events = CliSupport.console(progress, err, tally);
            ModelLayout layout = CliSupport.await(service.analyze(
                    new ModelLayoutRequest(file, null, filter, nonFinite.allowNonFinite, runOption.label),
                    Priority.USER, null, events));
            long imagesPerAlpha = layout.images().values().stream().mapToLong(Integer::longValue).sum();
            int paths = 1 + ratios.size() * (control ? 2 : 1);
            long instabilityImages = 0;
            String idSet = null;
            if (findStragglers) {
                idSet = StragglerAnalysis.defaultDataset(project);
                instabilityImages = (long) LayerInstability.evaluations(layout.groups().size(), heat)
                        * layout.images().get(idSet);
            } else {
                requireGroups(groupList(), layout.groups().keySet());
            }
            err.printf(Locale.ROOT, "cost: %d paths x %d alphas x %d images + %,d straggler-search images = %,d image"
                    + " forwards%n", paths, grid.size(), imagesPerAlpha, instabilityImages,
                    paths * grid.size() * imagesPerAlpha + instabilityImages);
            err.flush();
            if (findStragglers) {
                targets = CliSupport.await(service.analyze(new StragglerRequest(file, grid, heat.baseAlpha(),
                        heat.metric(), idSet, StragglerCriterion.INSTABILITY, selection, null, batch,
                        nonFinite.allowNonFinite, runOption.label), Priority.USER, null, events)).report().stragglers();
                if (targets.isEmpty()) {
                    throw new RftException("the straggler search found no straggler groups to sparsify (e.g. when the"
                            + " instability is not finite); name the groups with --groups");
                }
            } else {
                targets = groupList();
            }
            if (control) {
                controls = SparsityExperiment.controlGroups(layout.eligible(), targets, seed);
            }
            long start = System.nanoTime();
            baseline = CliSupport.await(service.analyze(new SparsityRequest(file, grid, null, tolerance, batch,
                    nonFinite.allowNonFinite, runOption.label), Priority.USER, null, events));
            double perPath = (System.nanoTime() - start) / 1e9;
            err.printf(Locale.ROOT, "baseline path took %.1f s; about %.0f s for the %d sparsified paths%n", perPath,
                    perPath * (paths - 1), paths - 1);
            err.flush();
            for (double ratio : ratios) {
                runs.add(run(service, events, file, findStragglers ? "stragglers" : "groups", targets, ratio, where,
                        filter, grid, batch));
                if (control) {
                    runs.add(run(service, events, file, "control", controls, ratio, where, filter, grid, batch));
                }
            }
        }
        if (output.out != null) {
            CliSupport.writeJson(output.out, toJson(project, grid, targets, controls, baseline, runs));
        }
        if (output.csv != null) {
            CliSupport.writeText(output.csv, toCsv(baseline, runs));
        }
        printTable(targets, controls, baseline, runs, spec.commandLine().getOut());
        tally.print(err);
        return 0;
    }

    private List<String> groupList() {
        return List.of(groups.split(",")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static void requireGroups(List<String> names, java.util.Set<String> known) throws RftException {
        for (String g : names) {
            if (!known.contains(g)) {
                throw new RftException("no layer group named '" + g + "' (known: " + String.join(", ", known) + ")");
            }
        }
    }

    private Run run(ComputeService service, Consumer<JobEvent> events, String file, String target,
            List<String> chosen, double ratio, SparsitySpec.Placement where, TensorFilter filter, List<Double> grid,
            int batch) throws Exception {
        SparsitySpec s = new SparsitySpec(method, ratio, seed, where, scope, rescale, chosen, filter).validated();
        return new Run(target, s, CliSupport.await(service.analyze(new SparsityRequest(file, grid, s, tolerance,
                batch, nonFinite.allowNonFinite, runOption.label), Priority.USER, null, events)));
    }

    private static Map<String, Object> summary(PathEvaluation.PathResult p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("failure", p.failure());
        m.put("idDataset", p.idDataset());
        m.put("idLossBarrier", p.idLossBarrier());
        m.put("idErrorBarrier", p.idErrorBarrier());
        m.put("points", p.points());
        return m;
    }

    private Map<String, Object> toJson(LoadedProject project, List<Double> grid, List<String> targets,
            List<String> controls, PathEvaluation.PathResult baseline, List<Run> runs) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tool", "rft-workbench");
        root.put("version", Version.get());
        root.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        root.put("project", paths.write(project.file().getParent(), project.file()));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("alphas", grid);
        settings.put("groupsFrom", groups);
        settings.put("failureTolerance", tolerance);
        if (groups.equals("stragglers")) {
            settings.put("stragglerSearch", Map.of("criterion", "instability", "metric", metric.label(), "baseAlpha",
                    base, "selection", epsilon != null ? "value > " + epsilon : "top-" + (topK != null ? topK
                            : CliSupport.DEFAULT_TOP_K)));
        }
        root.put("settings", settings);
        root.put("targetGroups", targets);
        root.put("controlGroups", controls);
        root.put("baseline", summary(baseline));
        List<Map<String, Object>> list = new ArrayList<>();
        for (Run r : runs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", r.target());
            m.put("descriptor", r.spec().descriptor());
            m.put("ratio", r.spec().ratio());
            m.put("method", r.spec().method().name().toLowerCase(Locale.ROOT));
            m.put("placement", r.spec().placement().label());
            m.put("rescale", r.spec().rescale());
            m.put("seed", r.spec().seed());
            m.put("groups", r.spec().groups());
            m.putAll(summary(r.path()));
            list.add(m);
        }
        root.put("runs", list);
        return root;
    }

    static String toCsv(PathEvaluation.PathResult baseline, List<Run> runs) {
        StringBuilder sb = new StringBuilder("target,placement,method,ratio,alpha,dataset,role,n,top1,top5,loss\n");
        appendRows(sb, "baseline,,,0", baseline);
        for (Run r : runs) {
            appendRows(sb, String.format(Locale.ROOT, "%s,%s,%s,%s", r.target(), r.spec().placement().label(),
                    r.spec().method().name().toLowerCase(Locale.ROOT), r.spec().ratio()), r.path());
        }
        return sb.toString();
    }

    private static void appendRows(StringBuilder sb, String prefix, PathEvaluation.PathResult path) {
        for (SweepResult.Point p : path.points()) {
            for (Map.Entry<String, SweepResult.Metrics> e : p.datasets().entrySet()) {
                SweepResult.Metrics m = e.getValue();
                sb.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%d,%.6f,%.6f,%.6f%n", prefix, p.alpha(),
                        CliSupport.csvField(e.getKey()), m.role(), m.n(), m.top1(), m.top5(), m.loss()));
            }
            if (p.avgOodTop1() != null) {
                sb.append(String.format(Locale.ROOT, "%s,%s,avg_ood,ood,,%.6f,,%n", prefix, p.alpha(),
                        p.avgOodTop1()));
            }
        }
    }

    private static void printTable(List<String> targets, List<String> controls, PathEvaluation.PathResult baseline,
            List<Run> runs, PrintWriter out) {
        out.println("target groups: " + String.join(", ", targets));
        if (!controls.isEmpty()) {
            out.println("control groups: " + String.join(", ", controls));
        }
        out.println("failure metrics on avg OOD top-1 (pp); barriers on the ID set (loss in nats, error in pp)");
        out.printf(Locale.ROOT, "%-11s %6s %8s %8s %8s %7s %8s %8s %8s%n", "target", "s", "A(0)", "best A", "G_zs",
                "G_end", "dip", "I_loss", "I_err");
        row(out, "baseline", 0, baseline);
        for (Run r : runs) {
            row(out, r.target(), r.spec().ratio(), r.path());
        }
        out.flush();
    }

    private static void row(PrintWriter out, String target, double ratio, PathEvaluation.PathResult p) {
        FailureMetrics f = p.failure();
        double a0 = p.points().stream().filter(x -> x.alpha() == 0).findFirst().map(SweepResult.Point::avgOodTop1)
                .orElse(Double.NaN);
        out.printf(Locale.ROOT, "%-11s %6.2f %8.2f %8.2f %8.2f %7.2f %8s %8.4f %8.2f%n", target, ratio, 100 * a0,
                f == null ? Double.NaN : 100 * (a0 + f.gainOverZeroShot()),
                f == null ? Double.NaN : 100 * f.gainOverZeroShot(), f == null ? Double.NaN : 100 * f.gainOverEndpoints(),
                f == null ? "-" : f.strongFailure() ? "yes" : "no",
                p.idLossBarrier() == null ? Double.NaN : p.idLossBarrier().instability(),
                p.idErrorBarrier() == null ? Double.NaN : 100 * p.idErrorBarrier().instability());
    }
}
