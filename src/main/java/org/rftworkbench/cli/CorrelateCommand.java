package org.rftworkbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.sharpness.SharpnessResult;
import org.rftworkbench.core.stats.CorrelationTable;
import org.rftworkbench.core.util.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code correlate}: does sharpness predict OOD accuracy along the path? Joins a sweep (accuracies per alpha) with a
 * sharpness heatmap (overall and per group, per alpha) on their common alphas and computes Kendall tau-b, Spearman
 * and Pearson with n, p-values and bootstrap intervals, per OOD set and for the OOD average, plus the straggler and
 * non-straggler means. Pure statistics over files the `sweep`, `sharpness` and `stragglers` commands wrote.
 */
@Command(name = "correlate", mixinStandardHelpOptions = true,
        description = "Correlation of overall and layer-wise sharpness with OOD accuracy over the alpha path.")
final class CorrelateCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Option(names = "--sweep", required = true, paramLabel = "FILE", description = "JSON written by `sweep --out`.")
    Path sweepFile;

    @Option(names = "--sharpness", required = true, paramLabel = "FILE",
            description = "JSON written by `sharpness --out`.")
    Path sharpnessFile;

    @Option(names = "--stragglers", split = ",", paramLabel = "GROUP", description = "Straggler groups by name.")
    List<String> stragglers = new ArrayList<>();

    @Option(names = "--stragglers-file", paramLabel = "FILE",
            description = "JSON written by `stragglers --out` (its \"stragglers\" list is used).")
    Path stragglersFile;

    @Option(names = "--metric", description = "Sharpness of the loss or of the 0/1 error (default: ${DEFAULT-VALUE}).")
    String metric = "loss";

    @Option(names = "--endpoints", description = "include, exclude or both (default: ${DEFAULT-VALUE}).")
    String endpoints = "both";

    @Option(names = "--resamples", description = "Bootstrap resamples (default: ${DEFAULT-VALUE}).")
    int resamples = 2000;

    @Option(names = "--seed", description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    PathOptions paths = new PathOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() throws Exception {
        output.check();
        SweepResult sweep = read(sweepFile, SweepResult.class);
        SharpnessResult sharp = read(sharpnessFile, SharpnessResult.class);
        if (!metric.equals("loss") && !metric.equals("error")) {
            throw new RftException("--metric must be loss or error");
        }
        Set<String> stragglerGroups = new LinkedHashSet<>(stragglers);
        if (stragglersFile != null) {
            JsonNode list = readTree(stragglersFile).path("stragglers");
            list.forEach(n -> stragglerGroups.add(n.asText()));
        }
        TreeSet<Double> common = new TreeSet<>();
        sweep.points().forEach(p -> common.add(p.alpha()));
        TreeSet<Double> sharpAlphas = new TreeSet<>();
        sharp.cells().forEach(c -> sharpAlphas.add(c.alpha()));
        common.retainAll(sharpAlphas);
        if (common.size() < 3) {
            throw new RftException(sweepFile + " and " + sharpnessFile + " share only " + common.size()
                    + " alphas; at least 3 are needed");
        }
        double[] alphas = common.stream().mapToDouble(Double::doubleValue).toArray();
        Map<String, double[]> ood = oodSeries(sweep, alphas);
        Map<String, double[]> sharpness = sharpnessSeries(sharp, alphas);
        for (String g : stragglerGroups) {
            if (!sharpness.containsKey(g)) {
                throw new RftException("straggler group '" + g + "' is not in " + sharpnessFile + " (groups: "
                        + String.join(", ", sharpness.keySet()) + ")");
            }
        }
        CorrelationTable.Settings settings = new CorrelationTable.Settings(
                CorrelationTable.Endpoints.valueOf(endpoints.toUpperCase(Locale.ROOT)), resamples, seed,
                CorrelationTable.Settings.DEFAULT.level());
        CorrelationTable.Result result = CorrelationTable.compute(alphas, ood, sharpness, stragglerGroups, settings);
        if (output.out != null) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("sweep", paths.writeName(sweepFile));
            root.put("sweepSha256", PathOptions.sha256(sweepFile));
            root.put("sharpness", paths.writeName(sharpnessFile));
            root.put("sharpnessSha256", PathOptions.sha256(sharpnessFile));
            root.put("sharpnessSettings", sharp.settings());
            root.put("metric", metric);
            root.put("alphas", alphas);
            root.put("stragglers", stragglerGroups);
            root.put("result", result);
            AtomicFiles.write(output.out, JSON.writeValueAsBytes(root), false);
        }
        if (output.csv != null) {
            AtomicFiles.write(output.csv, toCsv(result).getBytes(StandardCharsets.UTF_8), false);
        }
        print(result, alphas.length, spec.commandLine().getOut());
        return 0;
    }

    private static Map<String, double[]> oodSeries(SweepResult sweep, double[] alphas) throws RftException {
        Map<String, double[]> series = new LinkedHashMap<>();
        for (int i = 0; i < alphas.length; i++) {
            SweepResult.Point p = point(sweep, alphas[i]);
            for (Map.Entry<String, SweepResult.Metrics> e : p.datasets().entrySet()) {
                if ("ood".equals(e.getValue().role())) {
                    series.computeIfAbsent(e.getKey(), k -> new double[alphas.length])[i] = e.getValue().top1();
                }
            }
            if (p.avgOodTop1() != null) {
                series.computeIfAbsent(CorrelationTable.AVERAGE_OOD, k -> new double[alphas.length])[i] =
                        p.avgOodTop1();
            }
        }
        if (series.isEmpty()) {
            throw new RftException("the sweep has no OOD datasets");
        }
        return series;
    }

    private static SweepResult.Point point(SweepResult sweep, double alpha) {
        return sweep.points().stream().filter(p -> p.alpha() == alpha).findFirst().orElseThrow();
    }

    private Map<String, double[]> sharpnessSeries(SharpnessResult sharp, double[] alphas) {
        Map<String, double[]> series = new LinkedHashMap<>();
        for (SharpnessResult.Cell c : sharp.cells()) {
            int i = java.util.Arrays.binarySearch(alphas, c.alpha());
            if (i >= 0) {
                double v = metric.equals("loss") ? c.value().loss() : c.value().error();
                series.computeIfAbsent(c.group(), k -> filledNaN(alphas.length))[i] = v;
            }
        }
        return series;
    }

    private static double[] filledNaN(int n) {
        double[] d = new double[n];
        java.util.Arrays.fill(d, Double.NaN);
        return d;
    }

    private static String toCsv(CorrelationTable.Result r) {
        StringBuilder sb = new StringBuilder(
                "group,ood_set,statistic,value,n,p_value,ci_low,ci_high,endpoints_included,straggler\n");
        for (CorrelationTable.Row row : r.rows()) {
            sb.append(String.format(Locale.ROOT, "\"%s\",%s,%s,%s,%d,%s,%s,%s,%s,%s%n", row.group(), row.oodSet(),
                    row.statistic(), row.value(), row.n(), row.pValue(), row.ciLow(), row.ciHigh(),
                    row.endpointsIncluded(), row.straggler()));
        }
        return sb.toString();
    }

    private static void print(CorrelationTable.Result r, int points, PrintWriter out) {
        out.printf(Locale.ROOT, "Kendall tau-b of sharpness vs average OOD top-1 over %d alphas (95%% bootstrap CI)%n",
                points);
        out.printf(Locale.ROOT, "%-24s %-9s %8s %6s %9s %18s%n", "series", "endpoints", "tau-b", "n", "p", "CI");
        for (CorrelationTable.Row row : r.rows()) {
            if (row.statistic().toLowerCase(Locale.ROOT).contains("kendall")
                    && row.oodSet().equals(CorrelationTable.AVERAGE_OOD)) {
                out.printf(Locale.ROOT, "%-24s %-9s %8.3f %6d %9.3g   [%6.3f, %6.3f]%s%n", row.group(),
                        row.endpointsIncluded() ? "included" : "excluded", row.value(), row.n(), row.pValue(),
                        row.ciLow(), row.ciHigh(), row.straggler() ? "  straggler" : "");
            }
        }
        CorrelationTable.Summary s = r.summary();
        out.println("overall sharpness predictive: " + answer(s.overallPredictive()));
        out.println("straggler layers predictive:  " + answer(s.stragglersPredictive()));
        out.println("rule: " + s.rule());
        out.flush();
    }

    private static String answer(Boolean b) {
        return b == null ? "n/a" : b ? "yes" : "no";
    }

    private static <T> T read(Path file, Class<T> type) throws RftException {
        try {
            return new ObjectMapper().readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new RftException(RftException.at(file, "cannot read " + type.getSimpleName() + ": "
                    + e.getMessage().lines().findFirst().orElse("")));
        }
    }

    private static JsonNode readTree(Path file) throws RftException {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new RftException(RftException.at(file, "cannot read JSON: " + e.getMessage().lines().findFirst()
                    .orElse("")));
        }
    }
}
