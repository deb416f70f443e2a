package org.rftworkbench.figures;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Sparsity before/after: accuracy-vs-alpha curves of the unchanged path and of sparsified variants. Without explicit
 * line styles the first curve is the dense reference (black, thicker) and each variant takes the palette's next
 * colour and dash. With {@link LineStyle}s the caller decides, e.g. colour = quantity (avg OOD, ID) and dash =
 * variant (before dashed, after solid, control dotted), which is how the desktop's sparsity view draws it.
 */
public final class SparsityFigure {
    public static final String NAME = "sparsity-before-after";

    private SparsityFigure() {
    }

    /** Dash of a curve; each stays distinguishable in greyscale. */
    public enum Dash {
        SOLID(0), DASHED(1), DOTTED(2), DASH_DOT(3);

        private final int paletteIndex;

        Dash(int paletteIndex) {
            this.paletteIndex = paletteIndex;
        }
    }

    /**
     * How one curve is drawn.
     *
     * @param colour    Okabe-Ito palette index ({@link Palette#color}), or -1 for black
     * @param dash      dash pattern
     * @param emphasis  drawn 1.6 times thicker (the reference)
     */
    public record LineStyle(int colour, Dash dash, boolean emphasis) {
    }

    /**
     * @param curves       one curve per setting (accuracy fractions)
     * @param metricLabel  y-axis label, e.g. "avg OOD top-1 (%)"
     * @param title        default title
     * @param styles       one per curve, or null: the first curve is the dense reference, the others take the palette
     *                     in order
     */
    public record Data(List<Curve> curves, String metricLabel, String title, List<LineStyle> styles) {
        public Data {
            curves = List.copyOf(curves);
            if (styles != null) {
                styles = List.copyOf(styles);
                if (styles.size() != curves.size()) {
                    throw new IllegalArgumentException(curves.size() + " curves but " + styles.size() + " styles");
                }
            }
        }

        /** Curves with the default styles (dense reference first). */
        public Data(List<Curve> curves, String metricLabel, String title) {
            this(curves, metricLabel, title, null);
        }

        /** The style curve {@code i} is drawn with. */
        public LineStyle styleOf(int i) {
            if (styles != null) {
                return styles.get(i);
            }
            return i == 0 ? new LineStyle(-1, Dash.SOLID, true)
                    : new LineStyle(i - 1, Dash.values()[i % Dash.values().length], false);
        }
    }

    public static Figure build(Data data, FigureStyle style) {
        XYSeriesCollection series = new XYSeriesCollection();
        for (Curve c : data.curves()) {
            series.addSeries(AccuracyVsAlphaFigure.toSeries(c, false));
        }
        NumberAxis x = ChartStyling.axis(style, ChartStyling.pick(style.xLabel(), AccuracyVsAlphaFigure.AXIS_LABEL),
                true);
        NumberAxis y = ChartStyling.axis(style, ChartStyling.pick(style.yLabel(), data.metricLabel()), false);
        if (series.getSeriesCount() > 0 && series.getDomainLowerBound(false) >= 0
                && series.getDomainUpperBound(false) <= 1) {
            x.setRange(0, 1); // the whole path and no margin past the endpoints
        }
        XYPlot plot = ChartStyling.xyPlot(style, x, y);
        plot.setDataset(series);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        float markerSize = style.fontSizePt() * 0.45f;
        for (int i = 0; i < data.curves().size(); i++) {
            LineStyle line = data.styleOf(i);
            renderer.setSeriesPaint(i, line.colour() < 0 ? Color.BLACK : Palette.color(line.colour()));
            float width = style.lineWidthPt() * (line.emphasis() ? 1.6f : 1f);
            renderer.setSeriesStroke(i, Palette.stroke(line.dash().paletteIndex, width));
            renderer.setSeriesShape(i, ChartStyling.marker(i, markerSize));
        }
        plot.setRenderer(renderer);
        JFreeChart chart = ChartStyling.chart(style, plot, data.title(), true);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("settings", data.curves().stream().map(Curve::name).toList());
        details.put("metric", data.metricLabel());
        return new Figure(NAME, chart, XYTables.seriesXY(series), details);
    }
}
