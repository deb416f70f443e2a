package org.rftworkbench.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYDrawableAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.Drawable;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.xy.DefaultXYZDataset;
import org.rftworkbench.core.eval.PlaneResult;
import org.rftworkbench.core.eval.SweepResult;

/**
 * A heatmap of one metric over the plane theta(u, v) = A + u (B1 - A) + v (B2 - A): viridis cells with a colour bar
 * (accuracies in percent, loss in nats), contour lines at round levels, the A-B1 and A-B2 segments dashed, A, B1, B2
 * and the uniform soup of B1 and B2 marked and labelled, and the best cell ringed. A plane still filling can be drawn
 * with each missing cell showing its nearest computed neighbour ({@code fillGaps}), so the coarse cells cover the
 * plane; the CSV lists only computed cells. Figures are built on any thread and are not to be shared across threads.
 */
public final class PlaneFigure {
    private static final Color CONTOUR = new Color(255, 255, 255, 200);
    private static final Color MARK = new Color(0x22, 0x22, 0x22);
    private static final Color BEST = new Color(0xD5, 0x5E, 0x00);

    private PlaneFigure() {
    }

    /** The figure's file stem: "plane-id-accuracy", "plane-ood-accuracy", "plane-id-loss". */
    public static String name(PlaneResult.Metric metric) {
        return "plane-" + metric.fileName();
    }

    /** The three heatmaps (ID accuracy, average OOD accuracy, ID loss) of the computed cells. */
    public static List<Figure> all(PlaneResult plane, FigureStyle style) {
        List<Figure> out = new ArrayList<>();
        for (PlaneResult.Metric m : PlaneResult.Metric.values()) {
            if (plane.cells().stream().anyMatch(c -> c.value(m) != null)) {
                out.add(build(plane, m, style));
            }
        }
        return out;
    }

    /** The computed cells only (what a paper shows). */
    public static Figure build(PlaneResult plane, PlaneResult.Metric metric, FigureStyle style) {
        return build(plane, metric, style, false);
    }

    /**
     * @param fillGaps draw every grid point, a missing one with its nearest computed cell's value (a plane that is
     *                 still filling); false draws computed cells only
     */
    public static Figure build(PlaneResult plane, PlaneResult.Metric metric, FigureStyle style, boolean fillGaps) {
        double[] us = plane.us().stream().mapToDouble(Double::doubleValue).toArray();
        double[] vs = plane.vs().stream().mapToDouble(Double::doubleValue).toArray();
        double scale = metric.accuracy() ? 100 : 1;
        double[][] grid = grid(plane, metric, us, vs, scale);
        double[][] shown = fillGaps ? nearestFilled(grid, us, vs) : grid;

        List<double[]> items = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < us.length; i++) {
            for (int j = 0; j < vs.length; j++) {
                if (!Double.isNaN(shown[i][j])) {
                    items.add(new double[] {us[i], vs[j], shown[i][j]});
                    min = Math.min(min, shown[i][j]);
                    max = Math.max(max, shown[i][j]);
                }
            }
        }
        if (!(max > min)) {
            min = Double.isInfinite(min) ? 0 : min - 0.5;
            max = min + 1;
        }
        double[][] xyz = new double[3][items.size()];
        for (int k = 0; k < items.size(); k++) {
            xyz[0][k] = items.get(k)[0];
            xyz[1][k] = items.get(k)[1];
            xyz[2][k] = items.get(k)[2];
        }
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries("cells", xyz);

        double du = LayerHeatmapFigure.minStep(us);
        double dv = LayerHeatmapFigure.minStep(vs);
        String b1 = label(plane, true);
        String b2 = label(plane, false);
        NumberAxis x = ChartStyling.axis(style, ChartStyling.pick(style.xLabel(), "u (towards B1: " + b1 + ")"), false);
        NumberAxis y = ChartStyling.axis(style, ChartStyling.pick(style.yLabel(), "v (towards B2: " + b2 + ")"), false);
        x.setRange(new Range(us[0] - du / 2, us[us.length - 1] + du / 2));
        y.setRange(new Range(vs[0] - dv / 2, vs[vs.length - 1] + dv / 2));
        XYPlot plot = ChartStyling.xyPlot(style, x, y);
        plot.setDataset(dataset);
        XYBlockRenderer renderer = new XYBlockRenderer();
        ViridisScale paint = new ViridisScale(min, max);
        renderer.setPaintScale(paint);
        renderer.setBlockWidth(du);
        renderer.setBlockHeight(dv);
        renderer.setBlockAnchor(RectangleAnchor.CENTER);
        plot.setRenderer(renderer);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);

        double[] levels = ContourLines.niceLevels(min, max, 4);
        List<ContourLines.Segment> contours = ContourLines.trace(us, vs, shown, levels);
        BasicStroke contourStroke = new BasicStroke(style.lineWidthPt() * 0.6f);
        for (ContourLines.Segment s : contours) {
            plot.addAnnotation(new XYLineAnnotation(s.u1(), s.v1(), s.u2(), s.v2(), contourStroke, CONTOUR));
        }
        labelContours(plot, contours, levels, style, x.getRange(), y.getRange());
        markEndpoints(plot, style, x.getRange(), y.getRange(), b1, b2);

        PlaneResult.Cell best = best(plane, metric);
        Map<String, Object> bestDetail = null;
        if (best != null) {
            double size = style.fontSizePt() * 1.4;
            plot.addAnnotation(new XYDrawableAnnotation(best.u(), best.v(), size, size,
                    new Disc(null, BEST, style.lineWidthPt() * 1.5f)));
            bestDetail = new LinkedHashMap<>();
            bestDetail.put("u", best.u());
            bestDetail.put("v", best.v());
            bestDetail.put("value", best.value(metric));
        }

        JFreeChart chart = ChartStyling.chart(style, plot, metric.label() + " over the plane", false);
        NumberAxis barAxis = new NumberAxis(metric.accuracy() ? metric.label() + " (%)" : metric.label());
        ChartStyling.styleAxis(style, barAxis);
        PaintScaleLegend bar = new PaintScaleLegend(paint, barAxis);
        bar.setPosition(RectangleEdge.RIGHT);
        bar.setAxisLocation(AxisLocation.TOP_OR_RIGHT);
        bar.setStripWidth(style.fontSizePt() * 0.9);
        bar.setAxisOffset(2);
        bar.setMargin(new RectangleInsets(4, 6, 4, 0));
        bar.setBackgroundPaint(null);
        bar.setSubdivisionCount(128);
        chart.addSubtitle(bar);

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("metric", metric.fileName());
        details.put("colourScale", List.of(min, max));
        details.put("contourLevels", java.util.Arrays.stream(levels).boxed().toList());
        details.put("best", bestDetail);
        details.put("cellsEvaluated", plane.cells().size());
        details.put("cellsTotal", us.length * vs.length);
        details.put("filledGaps", fillGaps);
        return new Figure(name(metric), chart, csv(plane), details);
    }

    /** One row per computed cell: u, v, the three plane metrics, then each dataset's top-1. */
    static CsvTable csv(PlaneResult plane) {
        List<String> names = plane.cells().isEmpty() ? List.of()
                : new ArrayList<>(plane.cells().get(0).datasets().keySet());
        List<String> header = new ArrayList<>(List.of("u", "v", "id_top1", "avg_ood_top1", "id_loss"));
        names.forEach(n -> header.add(n + "_top1"));
        CsvTable.Builder table = CsvTable.builder(header.toArray(String[]::new));
        for (PlaneResult.Cell c : plane.cells()) {
            List<Object> row = new ArrayList<>(List.of(c.u(), c.v(), nan(c.idTop1()), nan(c.avgOodTop1()),
                    nan(c.idLoss())));
            for (String n : names) {
                SweepResult.Metrics m = c.datasets().get(n);
                row.add(m == null ? Double.NaN : m.top1());
            }
            table.row(row.toArray());
        }
        return table.build();
    }

    private static double nan(Double d) {
        return d == null ? Double.NaN : d;
    }

    /** grid[i][j] = the metric at (us[i], vs[j]) times {@code scale}, NaN where not computed. */
    private static double[][] grid(PlaneResult plane, PlaneResult.Metric metric, double[] us, double[] vs,
            double scale) {
        double[][] g = new double[us.length][vs.length];
        for (double[] row : g) {
            java.util.Arrays.fill(row, Double.NaN);
        }
        for (PlaneResult.Cell c : plane.cells()) {
            int i = java.util.Arrays.binarySearch(us, c.u());
            int j = java.util.Arrays.binarySearch(vs, c.v());
            Double value = c.value(metric);
            if (i >= 0 && j >= 0 && value != null) {
                g[i][j] = value * scale;
            }
        }
        return g;
    }

    /** Each missing point takes the value of the nearest computed one (in grid steps; ties: the first found). */
    static double[][] nearestFilled(double[][] g, double[] us, double[] vs) {
        List<int[]> known = new ArrayList<>();
        for (int i = 0; i < g.length; i++) {
            for (int j = 0; j < g[i].length; j++) {
                if (!Double.isNaN(g[i][j])) {
                    known.add(new int[] {i, j});
                }
            }
        }
        double[][] out = new double[g.length][];
        for (int i = 0; i < g.length; i++) {
            out[i] = g[i].clone();
            for (int j = 0; j < g[i].length; j++) {
                if (!Double.isNaN(out[i][j]) || known.isEmpty()) {
                    continue;
                }
                int[] nearest = null;
                long bestDistance = Long.MAX_VALUE;
                for (int[] k : known) {
                    long d = (long) (k[0] - i) * (k[0] - i) + (long) (k[1] - j) * (k[1] - j);
                    if (d < bestDistance) {
                        bestDistance = d;
                        nearest = k;
                    }
                }
                out[i][j] = g[nearest[0]][nearest[1]];
            }
        }
        return out;
    }

    private static PlaneResult.Cell best(PlaneResult plane, PlaneResult.Metric metric) {
        PlaneResult.Cell best = null;
        for (PlaneResult.Cell c : plane.cells()) {
            Double value = c.value(metric);
            if (value == null) {
                continue;
            }
            if (best == null || (metric.accuracy() ? value > best.value(metric) : value < best.value(metric))) {
                best = c;
            }
        }
        return best;
    }

    /** Each level's value once, at the middle segment of its line, when that lies inside the plot. */
    private static void labelContours(XYPlot plot, List<ContourLines.Segment> contours, double[] levels,
            FigureStyle style, Range xr, Range yr) {
        Font font = ChartStyling.font(style, -3f, false);
        for (double level : levels) {
            List<ContourLines.Segment> line = contours.stream().filter(s -> s.level() == level).toList();
            if (line.isEmpty()) {
                continue;
            }
            ContourLines.Segment s = line.get(line.size() / 2);
            double u = (s.u1() + s.u2()) / 2;
            double v = (s.v1() + s.v2()) / 2;
            if (!inside(u, v, xr, yr, 0.06)) {
                continue;
            }
            XYTextAnnotation text = new XYTextAnnotation(levelText(level), u, v);
            text.setFont(font);
            text.setPaint(Color.WHITE);
            text.setTextAnchor(TextAnchor.CENTER);
            plot.addAnnotation(text);
        }
    }

    static String levelText(double level) {
        return java.math.BigDecimal.valueOf(level).stripTrailingZeros().toPlainString();
    }

    /** A, B1, B2 and the soup as labelled dots, and the A-B1 and A-B2 segments dashed (clipped to the plot). */
    private static void markEndpoints(XYPlot plot, FigureStyle style, Range xr, Range yr, String b1, String b2) {
        BasicStroke dashed = ChartStyling.dashed(style.lineWidthPt());
        plot.addAnnotation(new XYLineAnnotation(clip(0, xr), clip(0, yr), clip(1, xr), clip(0, yr), dashed, MARK));
        plot.addAnnotation(new XYLineAnnotation(clip(0, xr), clip(0, yr), clip(0, xr), clip(1, yr), dashed, MARK));
        mark(plot, style, 0, 0, "A", xr, yr);
        mark(plot, style, 1, 0, "B1", xr, yr);
        mark(plot, style, 0, 1, "B2", xr, yr);
        mark(plot, style, 0.5, 0.5, "soup", xr, yr);
    }

    private static void mark(XYPlot plot, FigureStyle style, double u, double v, String label, Range xr, Range yr) {
        if (!inside(u, v, xr, yr, 0)) {
            return;
        }
        double size = style.fontSizePt() * 0.7; // round on screen whatever the axes' aspect
        plot.addAnnotation(new XYDrawableAnnotation(u, v, size, size, new Disc(Color.WHITE, MARK, 1.2f)));
        XYTextAnnotation text = new XYTextAnnotation(label, u, v);
        text.setFont(ChartStyling.font(style, -1f, true));
        text.setPaint(Color.WHITE);
        text.setBackgroundPaint(new Color(0, 0, 0, 110));
        // read towards the plot's middle so a label at an edge is never clipped
        boolean right = u > (xr.getLowerBound() + xr.getUpperBound()) / 2;
        boolean top = v > (yr.getLowerBound() + yr.getUpperBound()) / 2;
        text.setX(u + (right ? -1 : 1) * pct(xr, 0.02));
        text.setY(v + (top ? -1 : 1) * pct(yr, 0.02));
        text.setTextAnchor(right ? (top ? TextAnchor.TOP_RIGHT : TextAnchor.BOTTOM_RIGHT)
                : (top ? TextAnchor.TOP_LEFT : TextAnchor.BOTTOM_LEFT));
        plot.addAnnotation(text);
    }

    /** A circle filling its drawing area: an outline, filled when {@code fill} is not null. */
    private record Disc(Color fill, Color outline, float width) implements Drawable, java.io.Serializable {
        @Override
        public void draw(java.awt.Graphics2D g, java.awt.geom.Rectangle2D area) {
            Ellipse2D circle = new Ellipse2D.Double(area.getX(), area.getY(), area.getWidth(), area.getHeight());
            if (fill != null) {
                g.setPaint(fill);
                g.fill(circle);
            }
            g.setPaint(outline);
            g.setStroke(new BasicStroke(width));
            g.draw(circle);
        }
    }

    private static double pct(Range r, double fraction) {
        return r.getLength() * fraction;
    }

    private static double clip(double value, Range r) {
        return Math.max(r.getLowerBound(), Math.min(r.getUpperBound(), value));
    }

    private static boolean inside(double u, double v, Range xr, Range yr, double margin) {
        return u >= xr.getLowerBound() + margin * xr.getLength() && u <= xr.getUpperBound() - margin * xr.getLength()
                && v >= yr.getLowerBound() + margin * yr.getLength() && v <= yr.getUpperBound() - margin * yr.getLength();
    }

    /** "B1" / "B2" labels from the provenance (the run labels), or the letters when it has none. */
    private static String label(PlaneResult plane, boolean first) {
        PlaneResult.Provenance p = plane.provenance();
        SweepResult.Checkpoint c = p == null ? null : first ? p.endpointB1() : p.endpointB2();
        return c == null || c.label() == null ? (first ? "B1" : "B2") : c.label();
    }
}
