package org.rftworkbench.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.awt.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.rftworkbench.core.study.CrossPairAnalysis;
import org.rftworkbench.core.study.PairRow;
import org.rftworkbench.core.study.StudyResult;

/**
 * The figures of a study: the cross-pair scatter (one point per run: a predictor against an outcome, coloured by a
 * metadata key, Kendall tau-b with its interval and n in the title) and one small path chart per run (ID and average
 * OOD top-1 against alpha, A's OOD level dashed, the best interior alpha marked). Pure functions of the study's
 * numbers (they draw, they do not compute); AWT/JFreeChart only.
 */
public final class StudyFigures {
    public static final String SCATTER_NAME = "study-scatter";
    public static final String PATH_NAME = "study-path";

    private StudyFigures() {
    }

    /**
     * The cross-pair scatter of {@code predictor} against {@code outcome}, coloured by metadata {@code colourKey}
     * (null = one colour). Numeric keys get a viridis bar (log10 when every value is positive and they span 10x or
     * more), others a legend with one colour per value.
     */
    public static Figure scatter(StudyResult study, String predictor, String outcome, String colourKey,
            FigureStyle style) {
        CrossPairAnalysis.Association a = study.associations().stream()
                .filter(x -> x.predictor().equals(predictor) && x.outcome().equals(outcome)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no association " + predictor + " / " + outcome));
        List<PairRow> rows = study.rows();
        boolean percent = outcome.startsWith("G_") || outcome.contains("OOD");
        double yScale = percent ? 100 : 1;
        Colouring colouring = Colouring.of(rows, colourKey);
        XYSeriesCollection dataset = new XYSeriesCollection();
        List<List<PairRow>> bySeries = new ArrayList<>();
        for (String category : colouring.categories()) {
            XYSeries series = new XYSeries(category, false, true);
            List<PairRow> members = new ArrayList<>();
            for (PairRow r : rows) {
                if (colouring.category(r).equals(category)) {
                    series.add((double) r.predictors().get(predictor), (double) (yScale * r.outcomes().get(outcome)));
                    members.add(r);
                }
            }
            dataset.addSeries(series);
            bySeries.add(members);
        }
        double size = style.fontSizePt() * 0.7;
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true) {
            private static final long serialVersionUID = 1L;

            @Override
            public Paint getItemPaint(int series, int item) {
                return colouring.paint(series, bySeries.get(series).get(item));
            }

            @Override
            public Shape getItemShape(int series, int item) {
                return ChartStyling.marker(0, size);
            }
        };
        for (int s = 0; s < colouring.categories().size(); s++) {
            renderer.setSeriesPaint(s, colouring.legendPaint(s));
            renderer.setSeriesShape(s, ChartStyling.marker(0, size));
        }
        renderer.setUseOutlinePaint(true);
        renderer.setDefaultOutlinePaint(Color.DARK_GRAY);
        renderer.setDrawOutlines(true);
        NumberAxis x = ChartStyling.axis(style, ChartStyling.pick(style.xLabel(), predictor), false);
        NumberAxis y = ChartStyling.axis(style, ChartStyling.pick(style.yLabel(), outcome + (percent ? " (points)"
                : "")), false);
        x.setUpperMargin(0.25); // room for the run labels written right of the points
        x.setLowerMargin(0.08);
        y.setUpperMargin(0.12);
        y.setLowerMargin(0.08);
        var plot = ChartStyling.xyPlot(style, x, y);
        plot.setDataset(dataset);
        plot.setRenderer(renderer);
        if (percent && outcome.startsWith("G_")) {
            ValueMarker zero = new ValueMarker(0, Color.GRAY, ChartStyling.dashed(1f));
            plot.addRangeMarker(zero);
        }
        for (PairRow r : rows) {
            XYTextAnnotation label = new XYTextAnnotation(" " + r.run(), r.predictors().get(predictor),
                    yScale * r.outcomes().get(outcome));
            label.setFont(ChartStyling.font(style, -2f, false));
            label.setTextAnchor(TextAnchor.BOTTOM_LEFT);
            label.setPaint(Color.DARK_GRAY);
            plot.addAnnotation(label);
        }
        CorrelationFigure.Data stats = new CorrelationFigure.Data(List.of(), predictor, outcome, a.tauB(), a.ciLow(),
                a.ciHigh(), a.level(), a.n());
        JFreeChart chart = ChartStyling.chart(style, plot, CorrelationFigure.statsTitle(stats),
                colouring.categorical() && colouring.categories().size() > 1);
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(ChartStyling.font(style, 0f, false));
        }
        if (colouring.scale() != null) {
            NumberAxis barAxis = new NumberAxis(colouring.log() ? "log10 " + colourKey : colourKey);
            ChartStyling.styleAxis(style, barAxis);
            PaintScaleLegend bar = new PaintScaleLegend(colouring.scale(), barAxis);
            bar.setPosition(RectangleEdge.RIGHT);
            bar.setAxisLocation(org.jfree.chart.axis.AxisLocation.TOP_OR_RIGHT);
            bar.setStripWidth(style.fontSizePt() * 0.9);
            bar.setAxisOffset(2);
            bar.setMargin(new RectangleInsets(4, 6, 4, 0));
            bar.setBackgroundPaint(null);
            bar.setSubdivisionCount(128);
            chart.addSubtitle(bar);
        }
        CsvTable.Builder table = CsvTable.builder("run", colourKey == null ? "colour" : colourKey, "x", "y");
        for (PairRow r : rows) {
            Object c = colourKey == null ? "" : r.metadata().get(colourKey);
            table.row(r.run(), c == null ? "" : String.valueOf(c), r.predictors().get(predictor),
                    yScale * r.outcomes().get(outcome));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("predictor", predictor);
        details.put("outcome", outcome);
        details.put("colour", colourKey);
        details.put("kendallTau", a.tauB());
        details.put("pValue", a.pValue());
        details.put("ci", List.of(a.ciLow(), a.ciHigh()));
        details.put("ciLevel", a.level());
        details.put("n", a.n());
        return new Figure(SCATTER_NAME, chart, table.build(), details);
    }

    /**
     * One run's path: ID and average OOD top-1 (%) against alpha; A's OOD level dashed; the best alpha marked.
     *
     * @param legend whether to draw the legend (off for the window's small multiples)
     */
    public static Figure path(PairRow row, FigureStyle style, boolean legend) {
        XYSeries id = new XYSeries("ID top-1", false, true);
        XYSeries ood = new XYSeries("avg OOD top-1", false, true);
        for (PairRow.PathPoint p : row.path()) {
            id.add(p.alpha(), 100 * p.id());
            ood.add(p.alpha(), 100 * p.ood());
        }
        XYSeriesCollection dataset = new XYSeriesCollection();
        dataset.addSeries(id);
        dataset.addSeries(ood);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int s = 0; s < 2; s++) {
            renderer.setSeriesPaint(s, Palette.color(s));
            renderer.setSeriesStroke(s, new BasicStroke(1.5f));
            renderer.setSeriesShape(s, ChartStyling.marker(s, style.fontSizePt() * 0.4));
        }
        NumberAxis x = ChartStyling.axis(style, ChartStyling.pick(style.xLabel(), "α"), false);
        x.setRange(0, 1);
        x.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(0.5));
        NumberAxis y = ChartStyling.axis(style, ChartStyling.pick(style.yLabel(), "top-1 (%)"), false);
        y.setAutoRangeIncludesZero(false);
        var plot = ChartStyling.xyPlot(style, x, y);
        plot.setDataset(dataset);
        plot.setRenderer(renderer);
        plot.addRangeMarker(new ValueMarker(100 * row.oodA(), Color.GRAY, ChartStyling.dashed(1f)));
        if (!Double.isNaN(row.bestAlpha())) {
            plot.addDomainMarker(new ValueMarker(row.bestAlpha(), new Color(0, 0, 0, 60), new BasicStroke(1f)));
        }
        String title = String.format(Locale.ROOT, "%s: %s, G_zs %s", row.run(), row.verdict(),
                signedPoints(row.gainOverZeroShot()));
        JFreeChart chart = ChartStyling.chart(style, plot, title, legend);
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(ChartStyling.font(style, 0f, false));
        }
        CsvTable.Builder table = CsvTable.builder("alpha", "id_top1_pct", "avg_ood_top1_pct");
        row.path().forEach(p -> table.row(p.alpha(), 100 * p.id(), 100 * p.ood()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("run", row.run());
        details.put("verdict", row.verdict());
        details.put("gZs", row.gainOverZeroShot());
        details.put("bestAlpha", row.bestAlpha());
        details.put("stragglers", row.stragglers());
        return new Figure(PATH_NAME + "-" + row.run().replaceAll("[^A-Za-z0-9.]+", "-"), chart, table.build(),
                details);
    }

    /** "+2.11" / "−0.21" points, true minus sign. */
    static String signedPoints(double fraction) {
        return String.format(Locale.ROOT, "%+.2f", 100 * fraction).replace('-', '−');
    }

    /** How points are coloured: one colour, a category per value, or a numeric viridis scale. */
    private record Colouring(String key, List<String> categories, boolean categorical, ViridisScale scale,
            boolean log) {
        static Colouring of(List<PairRow> rows, String key) {
            if (key == null) {
                return new Colouring(null, List.of("runs"), false, null, false);
            }
            boolean numeric = rows.stream().allMatch(r -> r.metadata().get(key) instanceof Number);
            if (numeric) {
                double min = rows.stream().mapToDouble(r -> ((Number) r.metadata().get(key)).doubleValue()).min()
                        .orElse(0);
                double max = rows.stream().mapToDouble(r -> ((Number) r.metadata().get(key)).doubleValue()).max()
                        .orElse(1);
                boolean log = min > 0 && max / min >= 10;
                double lo = log ? Math.log10(min) : min;
                double hi = log ? Math.log10(max) : max;
                if (hi > lo) {
                    return new Colouring(key, List.of("runs"), false, new ViridisScale(lo, hi), log);
                }
            }
            LinkedHashSet<String> values = new LinkedHashSet<>();
            rows.forEach(r -> values.add(String.valueOf(r.metadata().get(key))));
            return new Colouring(key, List.copyOf(values), true, null, false);
        }

        String category(PairRow r) {
            return categorical ? String.valueOf(r.metadata().get(key)) : categories.get(0);
        }

        Paint paint(int series, PairRow r) {
            if (scale == null) {
                return legendPaint(series);
            }
            double v = ((Number) r.metadata().get(key)).doubleValue();
            return scale.getPaint(log ? Math.log10(v) : v);
        }

        Paint legendPaint(int series) {
            return Palette.color(categorical ? series : 0);
        }
    }
}
