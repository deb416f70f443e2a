package org.rftworkbench.core.sharpness;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A finished heatmap: one {@link Cell} per (alpha, group), the overall value first at each alpha, and every setting
 * that produced it. {@link #rows()} gives the tidy long format (one row per alpha, group and metric) for JSON and CSV.
 * Immutable.
 *
 * @param project     project name
 * @param endpointA   SHA-256 of endpoint A's file
 * @param endpointB   SHA-256 of endpoint B's file
 * @param dataset     dataset the examples came from
 * @param granularity grouping of the layer-wise cells (null when only the overall value was computed)
 * @param settings    the sharpness settings
 * @param noise       description of the average-case noise source (null for the worst case)
 * @param cells       the cells in sweep order
 */
public record SharpnessResult(
        @JsonProperty("project") String project,
        @JsonProperty("endpointA") String endpointA,
        @JsonProperty("endpointB") String endpointB,
        @JsonProperty("dataset") String dataset,
        @JsonProperty("granularity") SharpnessGroups.Granularity granularity,
        @JsonProperty("settings") SharpnessSettings settings,
        @JsonProperty("noise") String noise,
        @JsonProperty("cells") List<Cell> cells) {

    public SharpnessResult {
        cells = List.copyOf(cells);
    }

    /**
     * One (alpha, group) cell.
     *
     * @param fromCache true when the value was read from the cell store instead of computed
     */
    public record Cell(@JsonProperty("alpha") double alpha, @JsonProperty("group") String group,
            @JsonProperty("value") SharpnessValue value, @JsonProperty("fromCache") boolean fromCache) {
    }

    /** One tidy row: (alpha, group, settings..., metric, value). */
    public record Row(@JsonProperty("alpha") double alpha, @JsonProperty("group") String group,
            @JsonProperty("scalars") long scalars, @JsonProperty("definition") SharpnessSettings.Definition definition,
            @JsonProperty("norm") SharpnessSettings.Norm norm, @JsonProperty("adaptive") boolean adaptive,
            @JsonProperty("eta") double eta, @JsonProperty("logitNormalization") boolean logitNormalization,
            @JsonProperty("rho") double rho, @JsonProperty("steps") int steps, @JsonProperty("m") int m,
            @JsonProperty("n") int n, @JsonProperty("noise") SharpnessSettings.Noise noise,
            @JsonProperty("samples") int samples, @JsonProperty("seed") long seed,
            @JsonProperty("include") String include, @JsonProperty("exclude") String exclude,
            @JsonProperty("dataset") String dataset, @JsonProperty("metric") String metric,
            @JsonProperty("value") double value) {
    }

    /** Metrics written per cell: loss and error sharpness, and the clean loss and error they are relative to. */
    public static final List<String> METRICS = List.of("loss", "error", "clean_loss", "clean_error");

    @JsonProperty("rows")
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        SharpnessSettings s = settings;
        for (Cell c : cells) {
            SharpnessValue v = c.value();
            double[] values = {v.loss(), v.error(), v.cleanLoss(), v.cleanError()};
            for (int i = 0; i < values.length; i++) {
                rows.add(new Row(c.alpha(), c.group(), v.scalars(), s.definition(), s.norm(), s.adaptive(), s.eta(),
                        s.logitNormalization(), s.rho(), s.steps(), s.batchSize(), s.examples(), s.noise(),
                        s.samples(), s.seed(), s.includeRegex(), s.excludeRegex(), dataset, METRICS.get(i),
                        values[i]));
            }
        }
        return rows;
    }

    /** Tidy CSV of {@link #rows()} (RFC 4180 quoting for text fields), readable by pandas. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("alpha,group,scalars,definition,norm,adaptive,eta,logit_normalization,"
                + "rho,steps,m,n,noise,samples,seed,include,exclude,dataset,metric,value\n");
        for (Row r : rows()) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%s,%s,%s,%s,%s,%d,%d,%d,%s,%d,%d,%s,%s,%s,%s,%.9g%n",
                    SharpnessSettings.exact(r.alpha()), quote(r.group()), r.scalars(), r.definition(), r.norm(),
                    r.adaptive(), SharpnessSettings.exact(r.eta()), r.logitNormalization(),
                    SharpnessSettings.exact(r.rho()), r.steps(), r.m(), r.n(), r.noise(), r.samples(), r.seed(),
                    quote(r.include()), quote(r.exclude()), quote(r.dataset()), r.metric(), r.value()));
        }
        return sb.toString();
    }

    private static String quote(String s) {
        if (s == null) {
            return "";
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
