package org.rftworkbench.ui.interpolation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.rftworkbench.figures.AxisRanges;
import org.rftworkbench.figures.Palette;

/**
 * Effective robustness: ID accuracy (x) against average OOD accuracy (y), one point per alpha, endpoints labelled,
 * the y = x line, and the current alpha highlighted (linked with the accuracy chart).
 */
final class RobustnessChart {
    private static final String Y_LABEL = "average OOD top-1 (%)";
    private final XYSeriesCollection data = new XYSeriesCollection();
    private final JFreeChart chart;
    private final XYPlot plot;
    private final ChartViewer viewer;
    private Map<String, TreeMap<Double, Double>> shownCurves;
    private String shownId;
    private double[] shownCurrent;
    private ChartLook look = ChartLook.DESKTOP;
    private final ChartLook.Fonts originalFonts;
    private final java.util.List<XYTextAnnotation> endpointLabels = new java.util.ArrayList<>();

    RobustnessChart() {
        chart = ChartFactory.createXYLineChart("Effective robustness", "ID top-1 (%)", Y_LABEL, data,
                PlotOrientation.VERTICAL, false, true, false);
        chart.getTitle().setFont(new Font("SansSerif", Font.BOLD, 14));
        plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        fixAxes(new double[0], new double[0]);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, Palette.color(0));
        plot.setRenderer(renderer);
        originalFonts = new ChartLook.Fonts(chart);
        viewer = new ChartViewer(chart);
        viewer.setId("robustnessChart");
    }

    ChartViewer viewer() {
        return viewer;
    }

    /** Text, line and marker sizes; redraws at once when shown. */
    void setLook(ChartLook look) {
        this.look = look;
        look.applyText(chart, originalFonts);
        // at presentation sizes the long y label outgrows a short plot (it ran into the title at 1024 x 768)
        plot.getRangeAxis().setLabel(look.presentation() ? "OOD avg (%)" : Y_LABEL);
        if (shownCurves != null) {
            Map<String, TreeMap<Double, Double>> curves = shownCurves;
            shownCurves = null; // force the redraw
            update(curves, shownId, shownCurrent);
        }
    }

    JFreeChart chart() {
        return chart;
    }

    XYSeriesCollection dataset() {
        return data;
    }

    /**
     * @param idName  the ID dataset whose accuracy is the x axis
     * @param current (ID, OOD) of the current alpha in percent, or null
     */
    void update(Map<String, TreeMap<Double, Double>> curves, String idName, double[] current) {
        if (curves == shownCurves && java.util.Objects.equals(idName, shownId)
                && java.util.Arrays.equals(current, shownCurrent)) {
            return; // nothing to redraw (while dragging, the readouts change but the point stays "none")
        }
        shownCurves = curves;
        shownId = idName;
        shownCurrent = current == null ? null : current.clone();
        // every series and annotation change would redraw the whole chart on the FX thread: draw once, at the end
        chart.setNotify(false);
        try {
            rebuild(curves, idName, current);
        } finally {
            chart.setNotify(true);
        }
    }

    private void rebuild(Map<String, TreeMap<Double, Double>> curves, String idName, double[] current) {
        data.removeAllSeries();
        plot.clearAnnotations();
        endpointLabels.clear();
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
        renderer.setSeriesStroke(0, look.presentation() ? new BasicStroke(look.linePx()) : null);
        renderer.setSeriesShape(0, look.markerPx() > 0 ? Palette.marker(0, look.markerPx()) : null);
        TreeMap<Double, Double> id = idName == null ? null : curves.get(idName);
        TreeMap<Double, Double> ood = curves.get(InterpolationViewModel.AVG_OOD);
        if (id == null || ood == null) {
            fixAxes(new double[0], new double[0]);
            return;
        }
        XYSeries path = new XYSeries("path", false, true);
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (Map.Entry<Double, Double> e : id.entrySet()) {
            Double o = ood.get(e.getKey());
            if (o != null) {
                double x = 100 * e.getValue();
                double y = 100 * o;
                path.add(x, y);
                lo = Math.min(lo, Math.min(x, y));
                hi = Math.max(hi, Math.max(x, y));
                if (e.getKey() == 0.0 || e.getKey() == 1.0) {
                    XYTextAnnotation label = new XYTextAnnotation(e.getKey() == 0.0 ? "A (α=0)" : "B (α=1)", x, y);
                    label.setFont(look.annotationFont());
                    label.setToolTipText(e.getKey() == 0.0 ? "zero-shot endpoint" : "fine-tuned endpoint");
                    endpointLabels.add(label);
                    plot.addAnnotation(label, false);
                }
            }
        }
        data.addSeries(path);
        if (lo <= hi) {
            plot.addAnnotation(new XYLineAnnotation(lo - 5, lo - 5, hi + 5, hi + 5, new BasicStroke(
                    look.presentation() ? 2f : 1f,
                    BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {4f, 4f}, 0f), Color.GRAY));
        }
        if (current != null) {
            // a second series with a fixed-size marker (an annotation in data units would be stretched by the axes)
            XYSeries now = new XYSeries("current α", false, true);
            now.add(current[0], current[1]);
            data.addSeries(now);
            renderer.setSeriesLinesVisible(1, false);
            double d = look.currentPx();
            renderer.setSeriesShape(1, new Ellipse2D.Double(-d / 2, -d / 2, d, d));
            renderer.setSeriesPaint(1, Palette.color(1));
        }
        double[] xs = new double[path.getItemCount() + (current != null ? 1 : 0)];
        double[] ys = new double[xs.length];
        for (int i = 0; i < path.getItemCount(); i++) {
            xs[i] = path.getX(i).doubleValue();
            ys[i] = path.getY(i).doubleValue();
        }
        if (current != null) {
            xs[xs.length - 1] = current[0];
            ys[ys.length - 1] = current[1];
        }
        fixAxes(xs, ys);
        anchorEndpointLabels();
    }

    /**
     * Each endpoint label reads from its point towards the middle of the plot (left or right, above or below), so
     * it stays inside the plot area at any size: a label that always hung below B was cut off at the bottom edge.
     */
    private void anchorEndpointLabels() {
        double midX = (plot.getDomainAxis().getLowerBound() + plot.getDomainAxis().getUpperBound()) / 2;
        double midY = (plot.getRangeAxis().getLowerBound() + plot.getRangeAxis().getUpperBound()) / 2;
        for (XYTextAnnotation label : endpointLabels) {
            boolean right = label.getX() > midX;
            boolean top = label.getY() > midY;
            // spaces on the point's side keep the marker off the text
            label.setText(right ? label.getText() + "  " : "  " + label.getText());
            label.setTextAnchor(top ? (right ? TextAnchor.TOP_RIGHT : TextAnchor.TOP_LEFT)
                    : (right ? TextAnchor.BOTTOM_RIGHT : TextAnchor.BOTTOM_LEFT));
        }
    }

    /**
     * Both axes are accuracies in percent: 0..100 before the first point, then a padded window at least 10 points
     * wide around the path and the current point, with plain tick labels (JFreeChart's auto range collapses around
     * a single point).
     */
    private void fixAxes(double[] idPercent, double[] oodPercent) {
        AxisRanges.fix((NumberAxis) plot.getDomainAxis(), AxisRanges.percent(idPercent));
        AxisRanges.fix((NumberAxis) plot.getRangeAxis(), AxisRanges.percent(oodPercent));
    }
}
