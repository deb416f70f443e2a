package org.rftworkbench.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;
import org.jfree.chart.ui.RectangleInsets;

/** Paper look shared by every figure: fonts, backgrounds, grid, legend, title and label overrides. */
final class ChartStyling {
    static final Color GRID = new Color(0xDDDDDD);
    /** Failure-region shading: Okabe-Ito vermillion, light enough to read as pale grey in greyscale. */
    static final Color FAILURE_FILL = new Color(213, 94, 0, 45);

    private ChartStyling() {
    }

    static Font font(FigureStyle style, float extraPt, boolean bold) {
        return new Font(style.fontFamily(), bold ? Font.BOLD : Font.PLAIN, 1).deriveFont(style.fontSizePt() + extraPt);
    }

    static Font tickFont(FigureStyle style) {
        return font(style, 0f, false);
    }

    static Font labelFont(FigureStyle style) {
        return font(style, 1f, false);
    }

    /** The user's override when given, else the chart's default. */
    static String pick(String override, String fallback) {
        return override != null ? override : fallback;
    }

    /** An XY plot with paper defaults: axis labels (overridable), light grid, no outline clutter. */
    static XYPlot xyPlot(FigureStyle style, NumberAxis x, NumberAxis y) {
        XYPlot plot = new XYPlot(null, x, y, null);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(0.4f));
        plot.setRangeGridlineStroke(new BasicStroke(0.4f));
        plot.setOutlineStroke(new BasicStroke(0.6f));
        plot.setOutlinePaint(Color.DARK_GRAY);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        return plot;
    }

    static NumberAxis axis(FigureStyle style, String label, boolean includesZero) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(includesZero);
        styleAxis(style, axis);
        return axis;
    }

    static void styleAxis(FigureStyle style, Axis axis) {
        axis.setLabelFont(labelFont(style));
        axis.setTickLabelFont(tickFont(style));
        axis.setAxisLinePaint(Color.DARK_GRAY);
        axis.setTickMarkPaint(Color.DARK_GRAY);
        axis.setLabelInsets(new RectangleInsets(2, 2, 2, 2));
    }

    /**
     * A chart around the plot with the style's title, background and legend. {@code legendWanted} false hides the
     * legend whatever the style says (single-series charts).
     */
    static JFreeChart chart(FigureStyle style, XYPlot plot, String defaultTitle, boolean legendWanted) {
        String title = pick(style.title(), defaultTitle);
        JFreeChart chart = new JFreeChart(null, font(style, 1f, false), plot, false);
        if (title != null && !title.isEmpty()) {
            TextTitle t = new TextTitle(title, font(style, 1f, false));
            t.setPadding(new RectangleInsets(1, 2, 3, 2));
            chart.setTitle(t);
        }
        if (legendWanted && style.legend() != LegendPosition.NONE) {
            LegendTitle legend = new LegendTitle(plot);
            legend.setItemFont(font(style, -1f, false));
            legend.setPosition(style.legend().edge());
            legend.setFrame(BlockBorder.NONE);
            legend.setItemLabelPadding(new RectangleInsets(1, 2, 1, 6));
            legend.setPadding(new RectangleInsets(2, 0, 0, 0));
            legend.setBackgroundPaint(null);
            chart.addLegend(legend);
        }
        Paint background = style.transparent() ? new Color(0, 0, 0, 0) : Color.WHITE;
        chart.setBackgroundPaint(background);
        plot.setBackgroundPaint(style.transparent() ? null : Color.WHITE);
        chart.setPadding(new RectangleInsets(2, 2, 2, 4));
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        return chart;
    }

    /** Puts a subtitle (e.g. a colour bar) into the chart, styled for the figure. */
    static void addSubtitle(JFreeChart chart, Title title) {
        chart.addSubtitle(title);
    }

    /** Marker shapes that differ in outline as well as colour (circle, square, triangle, diamond, ...). */
    static Shape marker(int i, double size) {
        double h = size / 2;
        return switch (Math.floorMod(i, 5)) {
            case 0 -> new Ellipse2D.Double(-h, -h, size, size);
            case 1 -> new Rectangle2D.Double(-h * 0.9, -h * 0.9, size * 0.9, size * 0.9);
            case 2 -> polygon(new double[] {0, h, -h}, new double[] {-h, h * 0.8, h * 0.8});
            case 3 -> polygon(new double[] {0, h, 0, -h}, new double[] {-h, 0, h, 0});
            default -> polygon(new double[] {-h, h, 0}, new double[] {-h * 0.8, -h * 0.8, h});
        };
    }

    private static Shape polygon(double[] xs, double[] ys) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xs[0], ys[0]);
        for (int i = 1; i < xs.length; i++) {
            p.lineTo(xs[i], ys[i]);
        }
        p.closePath();
        return p;
    }

    /** The dashed y = x reference stroke. */
    static BasicStroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {3f, 3f}, 0f);
    }
}
