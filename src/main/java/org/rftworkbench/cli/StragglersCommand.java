package org.rftworkbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.rftworkbench.core.layers.ErrorMetric;
import org.rftworkbench.core.layers.LayerInstability;
import org.rftworkbench.core.layers.StragglerAnalysis;
import org.rftworkbench.core.layers.StragglerCriterion;
import org.rftworkbench.core.layers.Stragglers;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.ModelLayout;
import org.rftworkbench.core.service.ModelLayoutRequest;
import org.rftworkbench.core.service.Precision;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.StragglerRequest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stragglers PROJECT}: layer-wise instability heatmap, straggler groups and criteria agreement. */
@Command(name = "stragglers", mixinStandardHelpOptions = true,
        description = {"Move one block-level layer group at a time from A to B (the rest at a base point), measure the"
                + " barrier I_l = max E - (E(0)+E(1))/2 per group, flag straggler groups and compare criteria."})
final class StragglersCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROJECT", description = "Project file (JSON).")
    Path projectFile;

    @Option(names = "--criterion", paramLabel = "NAME", defaultValue = "instability",
            description = "instability | weight-change | sharpness-ratio (default: ${DEFAULT-VALUE}).")
    String criterion;

    @ArgGroup(exclusive = true)
    SelectionOptions selection = new SelectionOptions();

    @Option(names = "--sharpness", paramLabel = "FILE",
            description = "JSON object {group: sharpness} for the sharpness-ratio criterion.")
    Path sharpnessFile;

    @Option(names = "--base", paramLabel = "b|a|ALPHA", defaultValue = "b",
            description = "Alpha of the groups that do not move: b (1), a (0) or a number (default: ${DEFAULT-VALUE}).")
    String base;

    @Option(names = "--metric", defaultValue = "loss", description = "loss | error (default: ${DEFAULT-VALUE}).")
    ErrorMetric metric;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset of the barrier (default: first ID set).")
    String dataset;

    @Option(names = "--alphas", paramLabel = "GRID",
            description = "START:STOP:STEP or a comma list (default: the project's grid; 0 and 1 are always added).")
    String alphas;

    @Mixin
    BatchSizeOption batchSize = new BatchSizeOption();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Option(names = "--criteria-csv", paramLabel = "FILE",
            description = "Write the criteria table as CSV (one row per group, criterion).")
    Path criteriaCsv;

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

    /** --epsilon or --top-k. */
    static final class SelectionOptions {
        @Option(names = "--epsilon", paramLabel = "E",
                description = "Flag groups whose primary value exceeds E (instability: in the metric's unit).")
        Double epsilon;

        @Option(names = "--top-k", paramLabel = "K", description = "Flag the K largest (default: "
                + CliSupport.DEFAULT_TOP_K + ").")
        Integer topK;
    }

    @Override
    public Integer call() throws Exception {
        output.check();
        OutputOptions.checkWritable(criteriaCsv);
        LoadedProject project = runOption.select(ProjectStore.load(projectFile));
        StragglerCriterion primary = parseCriterion(criterion);
        Map<String, Double> sharpness = sharpnessFile == null ? null : readSharpness(sharpnessFile);
        if (primary == StragglerCriterion.SHARPNESS_RATIO && sharpness == null) {
            throw new RftException("the sharpness-ratio criterion needs per-group sharpness values (--sharpness FILE)");
        }
        LayerInstability.Settings heat = new LayerInstability.Settings(CliSupport.gridWithEndpoints(project, alphas),
                CliSupport.parseBase(base), metric);
        Stragglers.Selection chosen = CliSupport.selection(selection.epsilon, selection.topK);
        int batch = batchSize.resolve(project);
        String name = dataset != null ? dataset : StragglerAnalysis.defaultDataset(project);
        String file = project.file().toString();
        StragglerRequest request = new StragglerRequest(file, heat.alphas(), heat.baseAlpha(), heat.metric(), name,
                primary, chosen, sharpness, batch, nonFinite.allowNonFinite, runOption.label);
        RequestChecks.validate(request, project);
        PrintWriter err = spec.commandLine().getErr();
        CacheTally tally = new CacheTally();
        StragglerAnalysis.Result result;
        try (ConsoleProgress progress = quiet.progress();
                ComputeService service = engine.service(caches, Precision.FP32)) {
            var events = CliSupport.console(progress, err, tally);
            ModelLayout layout = CliSupport.await(service.analyze(
                    new ModelLayoutRequest(file, List.of(name), null, nonFinite.allowNonFinite, runOption.label),
                    Priority.USER, null, events));
            Integer images = layout.images().get(name);
            if (images == null) {
                throw new RftException(project.file() + ": no dataset named '" + name + "'");
            }
            int groups = layout.groups().size();
            int evaluations = LayerInstability.evaluations(groups, heat);
            printCost(String.format(Locale.ROOT, "%d groups x %d alphas: %d evaluations of %s (%d images each)",
                    groups, heat.alphas().size(), evaluations, name, images), (long) evaluations * images);
            result = CliSupport.await(service.analyze(request, Priority.USER, null, events));
        }
        if (output.out != null) {
            CliSupport.writeJson(output.out, toJson(project, result));
        }
        if (output.csv != null) {
            CliSupport.writeText(output.csv, heatmapCsv(result));
        }
        if (criteriaCsv != null) {
            CliSupport.writeText(criteriaCsv, criteriaCsv(result));
        }
        printTable(result, spec.commandLine().getOut());
        tally.print(err);
        return 0;
    }

    private void printCost(String what, long images) {
        PrintWriter err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "cost: %s = %,d image forwards%n", what, images);
        err.flush();
    }

    static StragglerCriterion parseCriterion(String label) throws RftException {
        try {
            return StragglerCriterion.parse(label);
        } catch (IllegalArgumentException e) {
            throw new RftException("--criterion must be instability, weight-change or sharpness-ratio, not '" + label
                    + "'");
        }
    }

    static Map<String, Double> readSharpness(Path file) throws RftException {
        try {
            Map<String, Double> out = new LinkedHashMap<>();
            var node = new ObjectMapper().readTree(Files.readAllBytes(file));
            if (node == null || !node.isObject()) {
                throw new RftException(RftException.at(file, "expected a JSON object {group: sharpness}"));
            }
            var it = node.properties().iterator();
            while (it.hasNext()) {
                var e = it.next();
                if (!e.getValue().isNumber()) {
                    throw new RftException(RftException.at(file, "sharpness of '" + e.getKey() + "' is not a number"));
                }
                out.put(e.getKey(), e.getValue().asDouble());
            }
            return out;
        } catch (java.io.IOException e) {
            throw new RftException(RftException.at(file, "cannot read sharpness values: " + e.getMessage()));
        }
    }

    private Map<String, Object> toJson(LoadedProject project, StragglerAnalysis.Result r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tool", "rft-workbench");
        root.put("version", Version.get());
        root.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        root.put("project", paths.write(project.file().getParent(), project.file()));
        LayerInstability.Settings s = r.heatmap().settings();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("grouping", "block");
        settings.put("dataset", r.heatmap().dataset());
        settings.put("images", r.heatmap().images());
        settings.put("metric", s.metric().label());
        settings.put("baseAlpha", s.baseAlpha());
        settings.put("alphas", s.alphas());
        settings.put("primaryCriterion", r.report().primary().label());
        settings.put("selection", r.report().selection().toString());
        settings.put("instability", "I_l = max_alpha E - (E(0) + E(1)) / 2");
        root.put("settings", settings);
        root.put("stragglers", r.report().stragglers());
        root.put("agreedByAllCriteria", r.report().agreedByAll());
        Map<String, Double> overlap = new LinkedHashMap<>();
        r.report().overlap().forEach((c, v) -> overlap.put(c.label(), v));
        root.put("jaccardWithPrimary", overlap);
        List<Map<String, Object>> groups = new ArrayList<>();
        for (int i = 0; i < r.report().rows().size(); i++) {
            Stragglers.Row row = r.report().rows().get(i);
            LayerInstability.GroupRow h = r.heatmap().rows().get(i);
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("group", row.group());
            g.put("tensors", h.tensors());
            g.put("instability", h.instability());
            g.put("aboveLinear", h.aboveLinear());
            g.put("alphaAtMax", h.alphaAtMax());
            Map<String, Object> values = new LinkedHashMap<>();
            row.values().forEach((c, v) -> values.put(c.label(), v));
            g.put("values", values);
            Map<String, Object> flagged = new LinkedHashMap<>();
            row.flagged().forEach((c, v) -> flagged.put(c.label(), v));
            g.put("flagged", flagged);
            g.put("votes", row.votes());
            groups.add(g);
        }
        root.put("groups", groups);
        List<Map<String, Object>> cells = new ArrayList<>();
        for (LayerInstability.GroupRow h : r.heatmap().rows()) {
            for (int a = 0; a < s.alphas().size(); a++) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("group", h.group());
                c.put("alpha", s.alphas().get(a));
                c.put("value", h.values()[a]);
                c.put("excess", h.excess()[a]);
                cells.add(c);
            }
        }
        root.put("heatmap", cells);
        return root;
    }

    static String heatmapCsv(StragglerAnalysis.Result r) {
        LayerInstability.Settings s = r.heatmap().settings();
        StringBuilder sb = new StringBuilder("group,alpha,base_alpha,dataset,metric,value,linear_baseline,excess\n");
        for (LayerInstability.GroupRow h : r.heatmap().rows()) {
            for (int a = 0; a < s.alphas().size(); a++) {
                sb.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%s,%.8g,%.8g,%.8g%n", CliSupport.csvField(h.group()),
                        s.alphas().get(a), s.baseAlpha(), CliSupport.csvField(r.heatmap().dataset()), s.metric().label(),
                        h.values()[a], h.values()[a] - h.excess()[a], h.excess()[a]));
            }
        }
        return sb.toString();
    }

    static String criteriaCsv(StragglerAnalysis.Result r) {
        StringBuilder sb = new StringBuilder("group,criterion,value,flagged,primary\n");
        for (Stragglers.Row row : r.report().rows()) {
            for (StragglerCriterion c : r.report().criteria()) {
                sb.append(String.format(Locale.ROOT, "%s,%s,%.8g,%s,%s%n", CliSupport.csvField(row.group()), c.label(),
                        row.values().get(c), row.flagged().get(c), c == r.report().primary()));
            }
        }
        return sb.toString();
    }

    private static void printTable(StragglerAnalysis.Result r, PrintWriter out) {
        List<StragglerCriterion> criteria = r.report().criteria();
        out.printf(Locale.ROOT, "layer-wise instability on %s (%s, others at alpha %s); stragglers by %s, %s%n",
                r.heatmap().dataset(), r.heatmap().settings().metric().label(), r.heatmap().settings().baseAlpha(),
                r.report().primary().label(), r.report().selection());
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-16s %12s", "group", "above-linear"));
        for (StragglerCriterion c : criteria) {
            header.append(String.format(Locale.ROOT, " %16s", c.label()));
        }
        out.println(header.append("  flagged by"));
        for (int i = 0; i < r.report().rows().size(); i++) {
            Stragglers.Row row = r.report().rows().get(i);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-16s %12.5f", row.group(),
                    r.heatmap().rows().get(i).aboveLinear()));
            List<String> by = new ArrayList<>();
            for (StragglerCriterion c : criteria) {
                line.append(String.format(Locale.ROOT, " %16.5f", row.values().get(c)));
                if (row.flagged().get(c)) {
                    by.add(c.label());
                }
            }
            out.println(line.append("  ").append(String.join(", ", by)));
        }
        out.println("stragglers: " + String.join(", ", r.report().stragglers()));
        out.println("flagged by every criterion: " + String.join(", ", r.report().agreedByAll()));
        out.flush();
    }
}
