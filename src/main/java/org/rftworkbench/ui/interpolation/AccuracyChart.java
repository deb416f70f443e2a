package org.rftworkbench.ui.interpolation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.awt.geom.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Line;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.event.ChartProgressEvent;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.rftworkbench.figures.AxisRanges;
import org.rftworkbench.figures.Curve;
import org.rftworkbench.figures.FailureRegions;
import org.rftworkbench.figures.Palette;
import org.rftworkbench.figures.SweepFigures;

/**
 * Top-1 accuracy vs alpha, one series per dataset, a marker that follows the slider, the failure region shaded by the
 * exported figure's rule ({@link FailureRegions}), so the window's bands equal the figure's.
 */
final class AccuracyChart {
    private static final Color FAILURE_FILL = new Color(213, 94, 0, 40);
    private static final Color NON_FINITE = new Color(204, 0, 0);
    private static final BasicStroke NON_FINITE_STROKE = new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
            BasicStroke.JOIN_MITER, 10f, new float[] {4f, 3f}, 0f);
    private final XYSeriesCollection data = new XYSeriesCollection();
    private final JFreeChart chart;
    private final XYPlot plot;
    private final Line alphaLine = new Line();
    private final StackPane root = new StackPane();
    private final ChartViewer viewer;
    private double alpha = 0.5;
    /** The slider's range (displayed alphas): the x axis shows at least this. */
    private double alphaFrom = 0;
    private double alphaTo = 1;

    AccuracyChart() {
        chart = ChartFactory.createXYLineChart("Accuracy along the interpolation path", "α", "top-1 accuracy (%)",
                data, PlotOrientation.VERTICAL, true, true, false);
        chart.getTitle().setFont(new Font("SansSerif", Font.BOLD, 14));
        plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        fixAxes();
        viewer = new ChartViewer(chart);
        viewer.setId("accuracyChart");
        // the alpha marker is a JavaFX line over the chart, not a JFreeChart marker: moving it while the slider is
        // dragged then costs a node move, not a redraw of the whole chart on the FX thread
        alphaLine.setId("alphaMarker");
        alphaLine.setStroke(javafx.scene.paint.Color.web("#333333"));
        alphaLine.setStrokeWidth(1.5);
        alphaLine.setManaged(false);
        alphaLine.setMouseTransparent(true);
        root.getChildren().addAll(viewer, alphaLine);
        chart.addProgressListener(e -> {
            if (e.getType() == ChartProgressEvent.DRAWING_FINISHED) {
                placeAlphaLine(); // the data area may have moved (axes, legend, resize)
            }
        });
    }

    /** The chart with its alpha marker: what the window shows. */
    Node node() {
        return root;
    }

    ChartViewer viewer() {
        return viewer;
    }

    JFreeChart chart() {
        return chart;
    }

    XYSeriesCollection dataset() {
        return data;
    }

    /** Replaces the series (x = alpha as displayed, i.e. flipped when {@code flip}). */
    void update(Map<String, TreeMap<Double, Double>> curves, boolean flip, String axisLabel) {
        update(curves, Set.of(), flip, axisLabel);
    }

    /**
     * Replaces the series, and marks each alpha in {@code nonFiniteAlphas} (evaluations with NaN/Inf logits, counted
     * as wrong) with a labelled dashed line, so such a dip is not mistaken for a failure of interpolation.
     */
    void update(Map<String, TreeMap<Double, Double>> curves, Set<Double> nonFiniteAlphas, boolean flip,
            String axisLabel) {
        // every series and marker change would redraw the whole chart on the FX thread: draw once, at the end
        chart.setNotify(false);
        try {
            rebuild(curves, flip, axisLabel);
            fixAxes();
            for (double a : nonFiniteAlphas) {
                ValueMarker marker = new ValueMarker(flip ? 1 - a : a, NON_FINITE, NON_FINITE_STROKE);
                marker.setLabel("NaN/Inf");
                marker.setLabelFont(new Font("SansSerif", Font.PLAIN, 10));
                marker.setLabelPaint(NON_FINITE);
                marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
                marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
                plot.addDomainMarker(marker, Layer.FOREGROUND);
            }
        } finally {
            chart.setNotify(true);
        }
    }

    /** The slider's range in displayed alphas (0..1, or -0.5..1.5 while extrapolating): the x axis covers it. */
    void setAlphaRange(double from, double to) {
        alphaFrom = from;
        alphaTo = to;
        fixAxes();
        placeAlphaLine();
    }

    /**
     * Sets both axes from the data, never by JFreeChart's auto range (which collapses around a single point): x is
     * the slider's range widened to every computed alpha, y is accuracy in percent (0..100 before the first point,
     * then a padded window at least 10 points wide), both with plain tick labels.
     */
    private void fixAxes() {
        List<Double> xs = new java.util.ArrayList<>();
        List<Double> ys = new java.util.ArrayList<>();
        for (int s = 0; s < data.getSeriesCount(); s++) {
            for (int i = 0; i < data.getItemCount(s); i++) {
                xs.add(data.getXValue(s, i));
                ys.add(data.getYValue(s, i));
            }
        }
        AxisRanges.fix((NumberAxis) plot.getDomainAxis(), AxisRanges.alpha(alphaFrom, alphaTo,
                xs.stream().mapToDouble(Double::doubleValue).toArray()));
        AxisRanges.fix((NumberAxis) plot.getRangeAxis(), AxisRanges.percent(
                ys.stream().mapToDouble(Double::doubleValue).toArray()));
    }

    /** Displayed alphas marked as having NaN/Inf logits (for tests). */
    List<Double> nonFiniteMarkers() {
        Collection<?> markers = plot.getDomainMarkers(Layer.FOREGROUND);
        return markers == null ? List.of() : markers.stream().map(m -> ((ValueMarker) m).getValue()).toList();
    }

    private void rebuild(Map<String, TreeMap<Double, Double>> curves, boolean flip, String axisLabel) {
        data.removeAllSeries();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        int i = 0;
        for (Map.Entry<String, TreeMap<Double, Double>> e : curves.entrySet()) {
            XYSeries s = new XYSeries(e.getKey(), true, false);
            e.getValue().forEach((a, top1) -> s.add(flip ? 1 - a : a, 100 * top1));
            data.addSeries(s);
            boolean average = e.getKey().equals(InterpolationViewModel.AVG_OOD);
            renderer.setSeriesPaint(i, average ? Color.BLACK : Palette.color(i));
            renderer.setSeriesStroke(i, Palette.stroke(i, average ? 2.5f : 1.5f));
            i++;
        }
        plot.setRenderer(renderer);
        plot.getDomainAxis().setLabel(axisLabel);
        plot.clearDomainMarkers(); // failure bands (background) and NaN/Inf marks (foreground)
        TreeMap<Double, Double> avg = curves.get(InterpolationViewModel.AVG_OOD);
        if (avg != null) {
            for (FailureRegions.Interval r : FailureRegions.of(curve(avg))) {
                // the exported figure's bands: the same rule, the same flip
                double from = flip ? 1 - r.to() : r.from();
                double to = flip ? 1 - r.from() : r.to();
                plot.addDomainMarker(new IntervalMarker(from, to, FAILURE_FILL), Layer.BACKGROUND);
            }
        }
    }

    /** The average OOD curve as the figures draw it (alphas ascending, top-1 as fractions). */
    private static Curve curve(TreeMap<Double, Double> averageOod) {
        double[] alphas = averageOod.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        double[] values = averageOod.values().stream().mapToDouble(Double::doubleValue).toArray();
        return new Curve(SweepFigures.AVG_OOD, alphas, values);
    }

    /** The shaded failure bands as [from, to] on the displayed x axis, in drawing order (for tests). */
    List<double[]> shadedIntervals() {
        return plot.getDomainMarkers(Layer.BACKGROUND) == null ? List.of()
                : ((Collection<?>) plot.getDomainMarkers(Layer.BACKGROUND)).stream()
                        .map(m -> (IntervalMarker) m)
                        .map(m -> new double[] {m.getStartValue(), m.getEndValue()}).toList();
    }

    void setAlpha(double displayedAlpha) {
        alpha = displayedAlpha;
        placeAlphaLine();
    }

    /** Where the last drawing put alpha on the x axis; hidden until the chart has been drawn once. */
    private void placeAlphaLine() {
        ChartRenderingInfo info = viewer.getCanvas().getRenderingInfo();
        Rectangle2D area = info == null ? null : info.getPlotInfo().getDataArea();
        if (area == null || area.isEmpty()) {
            alphaLine.setVisible(false);
            return;
        }
        double x = plot.getDomainAxis().valueToJava2D(alpha, area, plot.getDomainAxisEdge());
        boolean inside = x >= area.getMinX() - 0.5 && x <= area.getMaxX() + 0.5;
        alphaLine.setVisible(inside);
        alphaLine.setStartX(x);
        alphaLine.setEndX(x);
        alphaLine.setStartY(area.getMinY());
        alphaLine.setEndY(area.getMaxY());
    }

    /** Displayed alpha of the marker and the line's x in chart pixels (for tests). */
    double markerX() {
        return alphaLine.getStartX();
    }
}
