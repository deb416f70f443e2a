package org.rftworkbench.ui.interpolation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.rftworkbench.figures.Palette;

/** Top-1 accuracy vs alpha, one series per dataset, a marker that follows the slider, the failure region shaded. */
final class AccuracyChart {
    private final XYSeriesCollection data = new XYSeriesCollection();
    private final JFreeChart chart;
    private final XYPlot plot;
    private final ValueMarker marker = new ValueMarker(0.5, new Color(0x333333), new BasicStroke(1.5f));
    private final ChartViewer viewer;

    AccuracyChart() {
        chart = ChartFactory.createXYLineChart("Accuracy along the interpolation path", "α", "top-1 accuracy (%)",
                data, PlotOrientation.VERTICAL, true, true, false);
        chart.getTitle().setFont(new Font("SansSerif", Font.BOLD, 14));
        plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        plot.addDomainMarker(marker);
        viewer = new ChartViewer(chart);
        viewer.setId("accuracyChart");
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
        plot.clearDomainMarkers();
        plot.addDomainMarker(marker);
        TreeMap<Double, Double> avg = curves.get(InterpolationViewModel.AVG_OOD);
        if (avg != null) {
            List<Double> failing = InterpolationViewModel.failureAlphas(avg);
            for (double a : failing) {
                double x = flip ? 1 - a : a;
                IntervalMarker band = new IntervalMarker(x - 0.025, x + 0.025, new Color(213, 94, 0, 40));
                plot.addDomainMarker(band, Layer.BACKGROUND);
            }
        }
    }

    void setAlpha(double displayedAlpha) {
        marker.setValue(displayedAlpha);
    }
}
