package org.rftworkbench.figures;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.sparsity.PathEvaluation.PathResult;
import org.rftworkbench.figures.SparsityFigure.Dash;
import org.rftworkbench.figures.SparsityFigure.LineStyle;

/**
 * Sparsity chart data from evaluated paths ({@link PathResult}): the before/after view of the desktop (avg OOD and ID
 * in one chart) and the per-quantity comparison across the runs of the `sparsify` command's JSON output. Stateless.
 */
public final class SparsityFigures {
    /** Legend prefix of the average OOD curves. */
    public static final String AVG_OOD = "avg OOD";

    private SparsityFigures() {
    }

    /** The accuracy a curve plots. */
    public enum Quantity {
        /** Average top-1 over the OOD datasets. */
        AVG_OOD("avg OOD top-1 (%)", "avg-ood"),
        /** Top-1 on the first ID dataset (the one the barriers are measured on). */
        ID("ID top-1 (%)", "id");

        private final String axisLabel;
        private final String fileSuffix;

        Quantity(String axisLabel, String fileSuffix) {
            this.axisLabel = axisLabel;
            this.fileSuffix = fileSuffix;
        }

        public String axisLabel() {
            return axisLabel;
        }

        /** Appended to the figure's file name, e.g. "avg-ood". */
        public String fileSuffix() {
            return fileSuffix;
        }

        /** The curve of this quantity along the path, or null when the path has none (no OOD or no ID dataset). */
        public Curve curve(String name, PathResult path) {
            List<SweepResult.Point> points = path.points();
            double[] alphas = new double[points.size()];
            double[] values = new double[points.size()];
            for (int i = 0; i < points.size(); i++) {
                SweepResult.Point p = points.get(i);
                alphas[i] = p.alpha();
                if (this == AVG_OOD) {
                    if (p.avgOodTop1() == null) {
                        return null;
                    }
                    values[i] = p.avgOodTop1();
                } else {
                    SweepResult.Metrics m = path.idDataset() == null ? null : p.datasets().get(path.idDataset());
                    if (m == null) {
                        return null;
                    }
                    values[i] = m.top1();
                }
            }
            return new Curve(name, alphas, values);
        }
    }

    /**
     * Before/after in one chart: colour = quantity (avg OOD black, ID blue), dash = variant (before dashed, after
     * solid, control dotted). Quantities a path lacks are left out.
     *
     * @param control   the same sparsity on non-straggler groups, or null
     * @param afterName legend text of the sparsified variant, e.g. "after (s = 0.5)"
     */
    public static SparsityFigure.Data beforeAfter(PathResult before, PathResult after, PathResult control,
            String afterName, String title) {
        List<Curve> curves = new ArrayList<>();
        List<LineStyle> styles = new ArrayList<>();
        for (Quantity q : Quantity.values()) {
            String prefix = q == Quantity.AVG_OOD ? AVG_OOD : before.idDataset();
            int colour = q == Quantity.AVG_OOD ? -1 : 0;
            add(curves, styles, q.curve(prefix + " · before", before), new LineStyle(colour, Dash.DASHED, false));
            add(curves, styles, q.curve(prefix + " · " + afterName, after), new LineStyle(colour, Dash.SOLID, true));
            if (control != null) {
                add(curves, styles, q.curve(prefix + " · control", control), new LineStyle(colour, Dash.DOTTED,
                        false));
            }
        }
        return new SparsityFigure.Data(curves, "top-1 accuracy (%)", title, styles);
    }

    private static void add(List<Curve> curves, List<LineStyle> styles, Curve curve, LineStyle style) {
        if (curve != null) {
            curves.add(curve);
            styles.add(style);
        }
    }

    /**
     * One run of the `sparsify` command.
     *
     * @param target     "stragglers", "groups" or "control"
     * @param descriptor {@link org.rftworkbench.core.sparsity.SparsitySpec#descriptor()}
     * @param ratio      sparsity ratio
     * @param groups     the groups that were sparsified
     * @param path       the evaluated path with its failure metrics
     */
    public record SparsifyRun(String target, String descriptor, double ratio, List<String> groups, PathResult path) {
        public SparsifyRun {
            groups = List.copyOf(groups);
        }
    }

    /**
     * The JSON written by {@code sparsify --out}.
     *
     * @param settings      the command's settings object (alphas, groups, tolerance, straggler search)
     * @param targetGroups  the sparsified groups
     * @param controlGroups the control's groups (empty without a control)
     * @param baseline      the unchanged path
     * @param runs          in the command's order: per ratio the target run, then its control
     */
    public record SparsifyOutput(String project, Map<String, Object> settings, List<String> targetGroups,
            List<String> controlGroups, PathResult baseline, List<SparsifyRun> runs) {
    }

    /** Reads a {@code sparsify --out} file; errors are one line naming the file. */
    @SuppressWarnings("unchecked")
    public static SparsifyOutput read(Path file) throws RftException {
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        try {
            JsonNode root = json.readTree(file.toFile());
            if (root == null || !root.has("baseline") || !root.path("runs").isArray()) {
                throw new RftException(RftException.at(file, "not a `sparsify --out` result (needs baseline and runs)"));
            }
            List<SparsifyRun> runs = new ArrayList<>();
            for (JsonNode r : root.get("runs")) {
                runs.add(new SparsifyRun(r.path("target").asText(), r.path("descriptor").asText(),
                        r.path("ratio").asDouble(), json.convertValue(r.path("groups"), List.class),
                        json.treeToValue(r, PathResult.class)));
            }
            return new SparsifyOutput(root.path("project").asText(null),
                    json.convertValue(root.path("settings"), LinkedHashMap.class),
                    json.convertValue(root.path("targetGroups"), List.class),
                    root.has("controlGroups") ? json.convertValue(root.get("controlGroups"), List.class) : List.of(),
                    json.treeToValue(root.get("baseline"), PathResult.class), runs);
        } catch (IOException | IllegalArgumentException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
            throw new RftException(RftException.at(file, msg), e);
        }
    }

    /**
     * One quantity across every run of a {@code sparsify} output: the unchanged path first (black, thicker), then one
     * colour per ratio, the target groups solid and the control dashed in the same colour.
     *
     * @return null when the output has no curve of this quantity
     */
    public static SparsityFigure.Data acrossRuns(SparsifyOutput output, Quantity quantity) {
        Curve dense = quantity.curve("dense", output.baseline());
        if (dense == null) {
            return null;
        }
        List<Curve> curves = new ArrayList<>(List.of(dense));
        List<LineStyle> styles = new ArrayList<>(List.of(new LineStyle(-1, Dash.SOLID, true)));
        List<Double> ratios = output.runs().stream().map(SparsifyRun::ratio).distinct().toList();
        for (SparsifyRun run : output.runs()) {
            boolean control = run.target().equals("control");
            Curve c = quantity.curve(String.format(Locale.ROOT, "%s s = %s", run.target(), ratioText(run.ratio())),
                    run.path());
            add(curves, styles, c, new LineStyle(ratios.indexOf(run.ratio()), control ? Dash.DASHED : Dash.SOLID,
                    false));
        }
        String title = "Sparsity: " + (quantity == Quantity.AVG_OOD ? "avg OOD" : "ID") + " along the path";
        return new SparsityFigure.Data(curves, quantity.axisLabel(), title, styles);
    }

    /** A ratio without trailing zeros, e.g. 0.3 or 0.05. */
    public static String ratioText(double ratio) {
        return java.math.BigDecimal.valueOf(ratio).stripTrailingZeros().toPlainString();
    }

    /**
     * The failure metrics of every path of an output, for a figure's provenance: G_zs, G_end, strong failure, dip
     * ranges and the ID barriers, keyed "baseline" and "TARGET s=RATIO".
     */
    public static Map<String, Object> failureSummary(SparsifyOutput output) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("baseline", metrics("unchanged", output.baseline()));
        for (SparsifyRun r : output.runs()) {
            out.put(r.target() + " s=" + ratioText(r.ratio()), metrics(r.descriptor(), r.path()));
        }
        return out;
    }

    private static Map<String, Object> metrics(String descriptor, PathResult path) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("descriptor", descriptor);
        m.put("failure", path.failure());
        m.put("idLossBarrier", path.idLossBarrier());
        m.put("idErrorBarrier", path.idErrorBarrier());
        return m;
    }
}
