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
import org.jfree.chart.annotations.XYTextAnnotation;
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
    /** The failure band when a guided demo points at it. */
    private static final Color FAILURE_HIGHLIGHT = new Color(213, 94, 0, 95);
    /** Okabe-Ito bluish green: where interpolation beats both endpoints out of distribution. */
    private static final Color BEST_OF_BOTH_FILL = new Color(0, 158, 115, 70);
    static final String BEST_OF_BOTH = "best of both";
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
    private ChartLook look = ChartLook.DESKTOP;
    private final ChartLook.Fonts originalFonts;
    private final org.jfree.chart.ui.RectangleInsets originalPadding;
    private Set<String> highlights = Set.of();
    /** The labels of the shaded highlight bands, placed once the axes are fixed. */
    private final List<XYTextAnnotation> bandLabels = new java.util.ArrayList<>();

    AccuracyChart() {
        chart = ChartFactory.createXYLineChart("Accuracy along the interpolation path", "α", "top-1 accuracy (%)",
                data, PlotOrientation.VERTICAL, true, true, false);
        chart.getTitle().setFont(new Font("SansSerif", Font.BOLD, 14));
        plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        fixAxes();
        originalFonts = new ChartLook.Fonts(chart);
        originalPadding = chart.getPadding();
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

    /** Text, line and marker sizes from the next {@link #update} on (text at once). */
    void setLook(ChartLook look) {
        this.look = look;
        look.applyText(chart, originalFonts);
        alphaLine.setStrokeWidth(look.presentation() ? 3 : 1.5);
        // room at the sides: large legend samples and the last tick label reach the chart's edge
        chart.setPadding(look.presentation() ? new org.jfree.chart.ui.RectangleInsets(4, 12, 4, 16) : originalPadding);
    }

    /**
     * What a guided demo points at, from the next {@link #update} on: {@code "best-of-both"} shades (and labels)
     * the alphas whose average OOD accuracy is above both endpoints', {@code "failure"} darkens the failure band.
     */
    void setHighlights(Set<String> highlights) {
        this.highlights = Set.copyOf(highlights);
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
            bandLabels.clear();
            rebuild(curves, flip, axisLabel);
            fixAxes();
            placeBandLabels();
            for (double a : nonFiniteAlphas) {
                ValueMarker marker = new ValueMarker(flip ? 1 - a : a, NON_FINITE, NON_FINITE_STROKE);
                marker.setLabel("NaN/Inf");
                marker.setLabelFont(look.presentation() ? look.annotationFont()
                        : new Font("SansSerif", Font.PLAIN, 10));
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
            renderer.setSeriesPaint(i, average ? Color.BLACK
                    : look.presentation() ? Palette.projectorColor(i) : Palette.color(i));
            renderer.setSeriesStroke(i, Palette.stroke(i, average ? look.emphasisPx() : look.linePx()));
            if (look.markerPx() > 0) {
                renderer.setSeriesShape(i, Palette.marker(i, look.markerPx()));
            }
            i++;
        }
        plot.setRenderer(renderer);
        plot.getDomainAxis().setLabel(axisLabel);
        plot.clearDomainMarkers(); // failure bands (background) and NaN/Inf marks (foreground)
        plot.clearAnnotations();
        TreeMap<Double, Double> avg = curves.get(InterpolationViewModel.AVG_OOD);
        if (avg != null) {
            Color fill = highlights.contains("failure") ? FAILURE_HIGHLIGHT : FAILURE_FILL;
            for (FailureRegions.Interval r : FailureRegions.of(curve(avg))) {
                // the exported figure's bands: the same rule, the same flip
                double from = flip ? 1 - r.to() : r.from();
                double to = flip ? 1 - r.from() : r.to();
                plot.addDomainMarker(new IntervalMarker(from, to, fill), Layer.BACKGROUND);
            }
            if (highlights.contains("best-of-both")) {
                for (double[] band : bestOfBoth(avg)) {
                    double from = flip ? 1 - band[1] : band[0];
                    double to = flip ? 1 - band[0] : band[1];
                    plot.addDomainMarker(new IntervalMarker(from, to, BEST_OF_BOTH_FILL), Layer.BACKGROUND);
                    XYTextAnnotation label = new XYTextAnnotation(BEST_OF_BOTH, (from + to) / 2, 0);
                    label.setFont(look.presentation() ? look.annotationFont() : new Font("SansSerif", Font.BOLD, 12));
                    label.setPaint(new Color(0, 100, 70));
                    label.setToolTipText("α where the OOD average beats both endpoints");
                    bandLabels.add(label);
                    plot.addAnnotation(label, false);
                }
            }
        }
    }

    /**
     * Runs of computed alphas (model convention, ascending) whose average OOD top-1 is above both endpoints' (alpha
     * 0 and 1), as [first, last]; none without both endpoints.
     */
    static List<double[]> bestOfBoth(TreeMap<Double, Double> averageOod) {
        Double a = averageOod.get(0.0);
        Double b = averageOod.get(1.0);
        List<double[]> runs = new java.util.ArrayList<>();
        if (a == null || b == null) {
            return runs;
        }
        double bar = Math.max(a, b);
        double[] open = null;
        for (Map.Entry<Double, Double> e : averageOod.entrySet()) {
            if (e.getValue() > bar) {
                if (open == null) {
                    open = new double[] {e.getKey(), e.getKey()};
                    runs.add(open);
                } else {
                    open[1] = e.getKey();
                }
            } else {
                open = null;
            }
        }
        return runs;
    }

    /**
     * Puts each band label at the top of the data area, centred over its band but kept inside the plot: anchored
     * at its left or right end near an edge (a label is never clipped, whatever the window size).
     */
    private void placeBandLabels() {
        // a little below the top: the text's box reaches a few pixels above its TOP anchor
        double top = plot.getRangeAxis().getUpperBound() - 0.03 * plot.getRangeAxis().getRange().getLength();
        double lo = plot.getDomainAxis().getLowerBound();
        double hi = plot.getDomainAxis().getUpperBound();
        for (XYTextAnnotation label : bandLabels) {
            double where = (label.getX() - lo) / (hi - lo);
            label.setY(top);
            label.setTextAnchor(where < 0.2 ? TextAnchor.TOP_LEFT : where > 0.8 ? TextAnchor.TOP_RIGHT
                    : TextAnchor.TOP_CENTER);
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
