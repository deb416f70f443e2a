package org.rftworkbench.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.Range;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * A layer x alpha heatmap: one row per parameter group in network order (first layer at the top), one column per
 * alpha, a viridis colour bar, straggler rows outlined and starred.
 */
public final class LayerHeatmapFigure {
    public static final String NAME = "layer-heatmap";

    private LayerHeatmapFigure() {
    }

    /**
     * @param rows       group names in network order
     * @param alphas     column alphas, ascending
     * @param values     [row][column] values (NaN = not computed)
     * @param stragglers names of the rows to mark
     * @param valueLabel what a cell holds, e.g. "instability (Δ top-1, %)" (colour bar label)
     * @param title      default title
     */
    public record Data(List<String> rows, double[] alphas, double[][] values, Set<String> stragglers,
            String valueLabel, String title) {
        public Data {
            rows = List.copyOf(rows);
            alphas = alphas.clone();
            for (int i = 1; i < alphas.length; i++) {
                if (!(alphas[i] > alphas[i - 1])) {
                    throw new IllegalArgumentException("heatmap alphas must be strictly ascending");
                }
            }
            if (alphas.length == 0 || rows.isEmpty()) {
                throw new IllegalArgumentException("heatmap needs at least one row and one alpha");
            }
            if (values.length != rows.size()) {
                throw new IllegalArgumentException(values.length + " value rows for " + rows.size() + " groups");
            }
            double[][] copy = new double[values.length][];
            for (int r = 0; r < values.length; r++) {
                if (values[r].length != alphas.length) {
                    throw new IllegalArgumentException("row " + rows.get(r) + " has " + values[r].length
                            + " values for " + alphas.length + " alphas");
                }
                copy[r] = values[r].clone();
            }
            values = copy;
            stragglers = Set.copyOf(stragglers);
        }
    }

    public static Figure build(Data data, FigureStyle style) {
        int rows = data.rows().size();
        int cols = data.alphas().length;
        double[][] xyz = new double[3][rows * cols];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int k = r * cols + c;
                xyz[0][k] = data.alphas()[c];
                xyz[1][k] = r;
                xyz[2][k] = data.values()[r][c];
                if (!Double.isNaN(xyz[2][k])) {
                    min = Math.min(min, xyz[2][k]);
                    max = Math.max(max, xyz[2][k]);
                }
            }
        }
        if (!(max > min)) { // constant or empty: give the scale some width
            min = Double.isInfinite(min) ? 0 : min - 0.5;
            max = min + 1;
        }
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries("cells", xyz);

        double step = minStep(data.alphas());
        NumberAxis x = ChartStyling.axis(style, ChartStyling.pick(style.xLabel(), AccuracyVsAlphaFigure.AXIS_LABEL),
                false);
        x.setRange(new Range(data.alphas()[0] - step / 2, data.alphas()[cols - 1] + step / 2));
        String[] labels = new String[rows];
        for (int r = 0; r < rows; r++) {
            String name = data.rows().get(r);
            labels[r] = data.stragglers().contains(name) ? "* " + name : name;
        }
        SymbolAxis y = new SymbolAxis(ChartStyling.pick(style.yLabel(), null), labels);
        ChartStyling.styleAxis(style, y);
        y.setTickLabelFont(ChartStyling.font(style, -1f, false));
        y.setGridBandsVisible(false);
        y.setInverted(true); // network order reads top to bottom
        y.setRange(new Range(-0.5, rows - 0.5));
        XYPlot plot = ChartStyling.xyPlot(style, x, new NumberAxis());
        plot.setRangeAxis(y);
        plot.setDataset(dataset);
        XYBlockRenderer renderer = new XYBlockRenderer();
        ViridisScale scale = new ViridisScale(min, max);
        renderer.setPaintScale(scale);
        renderer.setBlockWidth(step);
        renderer.setBlockHeight(1.0);
        renderer.setBlockAnchor(RectangleAnchor.CENTER);
        plot.setRenderer(renderer);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        for (int r = 0; r < rows; r++) {
            if (data.stragglers().contains(data.rows().get(r))) {
                Rectangle2D box = new Rectangle2D.Double(data.alphas()[0] - step / 2, r - 0.5,
                        data.alphas()[cols - 1] - data.alphas()[0] + step, 1.0);
                plot.addAnnotation(new XYShapeAnnotation(box, new BasicStroke(style.lineWidthPt() * 1.2f),
                        new Color(0xD5, 0x5E, 0x00)));
            }
        }

        JFreeChart chart = ChartStyling.chart(style, plot, data.title(), false);
        NumberAxis barAxis = new NumberAxis(data.valueLabel());
        ChartStyling.styleAxis(style, barAxis);
        PaintScaleLegend bar = new PaintScaleLegend(scale, barAxis);
        bar.setPosition(RectangleEdge.RIGHT);
        bar.setAxisLocation(org.jfree.chart.axis.AxisLocation.TOP_OR_RIGHT); // ticks outside, beside the strip
        bar.setStripWidth(style.fontSizePt() * 0.9);
        bar.setAxisOffset(2);
        bar.setMargin(new RectangleInsets(4, 6, 4, 0));
        bar.setBackgroundPaint(null);
        bar.setSubdivisionCount(128);
        chart.addSubtitle(bar);
        if (!data.stragglers().isEmpty()) {
            TextTitle note = new TextTitle("* straggler (outlined)", ChartStyling.font(style, -1f, false));
            note.setPosition(RectangleEdge.BOTTOM);
            note.setHorizontalAlignment(org.jfree.chart.ui.HorizontalAlignment.LEFT);
            chart.addSubtitle(note);
        }

        CsvTable.Builder table = CsvTable.builder("group", "row", "alpha", "value", "straggler");
        for (int i = 0; i < dataset.getItemCount(0); i++) {
            int r = (int) dataset.getYValue(0, i);
            String name = data.rows().get(r);
            table.row(name, r, dataset.getXValue(0, i), dataset.getZValue(0, i), data.stragglers().contains(name));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("valueLabel", data.valueLabel());
        details.put("colourScale", List.of(min, max));
        details.put("stragglers", data.rows().stream().filter(data.stragglers()::contains).toList());
        return new Figure(NAME, chart, table.build(), details);
    }

    /** The smallest gap between neighbouring alphas: the cell width (a non-uniform grid leaves gaps, never overlaps). */
    static double minStep(double[] alphas) {
        double[] sorted = alphas.clone();
        Arrays.sort(sorted);
        double step = Double.POSITIVE_INFINITY;
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] > sorted[i - 1]) {
                step = Math.min(step, sorted[i] - sorted[i - 1]);
            }
        }
        return Double.isInfinite(step) ? 0.1 : step;
    }
}
