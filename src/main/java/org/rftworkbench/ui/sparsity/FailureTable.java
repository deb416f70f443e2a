package org.rftworkbench.ui.sparsity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.rftworkbench.core.eval.FailureMetrics;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.sparsity.PathEvaluation.PathResult;

/**
 * The failure-mode metrics (method-notes section 6) of the before, after and control paths as table rows, in the
 * units the CLI prints: accuracies in %, gains in percentage points (pp), the ID loss barrier in nats. Stateless.
 */
public final class FailureTable {
    private FailureTable() {
    }

    /** One row per metric; a path without the data (no OOD or no ID dataset) shows "–". */
    public static List<MetricRow> rows(SparsityOutcome outcome) {
        List<MetricRow> rows = new ArrayList<>();
        row(rows, outcome, "avg OOD at α = 0 (%)", p -> percent(avgOodAt(p, 0)));
        row(rows, outcome, "avg OOD at α = 1 (%)", p -> percent(avgOodAt(p, 1)));
        row(rows, outcome, "best interior avg OOD (%)", p -> p.failure() == null ? null
                : String.format(Locale.ROOT, "%.2f (α %s)", 100 * (avgOodAt(p, 0) + p.failure().gainOverZeroShot()),
                        alpha(p.failure().bestInteriorAlpha())));
        row(rows, outcome, "G_zs: gain over zero-shot (pp)", p -> p.failure() == null ? null
                : signedPoints(p.failure().gainOverZeroShot()));
        row(rows, outcome, "G_end: gain over both ends (pp)", p -> p.failure() == null ? null
                : signedPoints(p.failure().gainOverEndpoints()));
        row(rows, outcome, "failure (G_zs ≤ tolerance)", p -> p.failure() == null ? null
                : p.failure().failure() ? "yes" : "no");
        row(rows, outcome, "OOD dip below both ends", p -> p.failure() == null ? null : dips(p.failure()));
        row(rows, outcome, "A(0.5) − chord (pp)", p -> p.failure() == null ? null
                : signedPoints(p.failure().midpointMinusChord()));
        row(rows, outcome, "ID loss barrier (nats)", p -> p.idLossBarrier() == null ? null
                : String.format(Locale.ROOT, "%.4f", p.idLossBarrier().instability()));
        row(rows, outcome, "ID error barrier (pp)", p -> p.idErrorBarrier() == null ? null
                : String.format(Locale.ROOT, "%.2f", 100 * p.idErrorBarrier().instability()));
        row(rows, outcome, "ID top-1 at α = 1 (%)", p -> percent(idAt(p, 1)));
        return rows;
    }

    private static void row(List<MetricRow> rows, SparsityOutcome o, String metric, Function<PathResult, String> f) {
        rows.add(new MetricRow(metric, show(f.apply(o.before())), show(f.apply(o.after())),
                o.control() == null ? "" : show(f.apply(o.control()))));
    }

    private static String show(String value) {
        return value == null ? "–" : value;
    }

    /** The average OOD top-1 at exactly {@code alpha}, or NaN. */
    static double avgOodAt(PathResult p, double alpha) {
        return p.points().stream().filter(x -> x.alpha() == alpha && x.avgOodTop1() != null).findFirst()
                .map(SweepResult.Point::avgOodTop1).orElse(Double.NaN);
    }

    static double idAt(PathResult p, double alpha) {
        if (p.idDataset() == null) {
            return Double.NaN;
        }
        return p.points().stream().filter(x -> x.alpha() == alpha).findFirst()
                .map(x -> x.datasets().get(p.idDataset())).map(SweepResult.Metrics::top1).orElse(Double.NaN);
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? null : String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }

    private static String signedPoints(double fraction) {
        return String.format(Locale.ROOT, "%+.2f", 100 * fraction).replace('-', '−');
    }

    private static String alpha(double a) {
        return java.math.BigDecimal.valueOf(a).stripTrailingZeros().toPlainString();
    }

    private static String dips(FailureMetrics f) {
        if (f.dipRanges().isEmpty()) {
            return "none";
        }
        return "α " + f.dipRanges().stream().map(r -> r.from() == r.to() ? alpha(r.from())
                : alpha(r.from()) + "–" + alpha(r.to())).collect(Collectors.joining(", "));
    }
}
