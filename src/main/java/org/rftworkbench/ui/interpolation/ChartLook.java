package org.rftworkbench.ui.interpolation;

import java.awt.Font;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.title.LegendTitle;

/**
 * How the interpolation charts draw text, lines and markers. {@link #DESKTOP} is the look the window always had
 * (the chart theme's own fonts, 1.5 px lines, the theme's markers); {@link #PRESENTATION} follows the slide preset
 * for the back row of a lecture hall: tick labels as large as presentation mode's 20 px menu text, larger axis labels
 * and title, 3.5 px lines (the OOD average 5.5 px) and 11 px markers that differ in shape as well as colour. Sizes
 * are in screen pixels (the chart viewer draws one Java2D unit per pixel). Immutable.
 *
 * @param titlePx      title text; 0 keeps the chart's own (desktop)
 * @param axisLabelPx  axis labels; 0 keeps the chart's own
 * @param tickPx       tick labels; 0 keeps the chart's own
 * @param legendPx     legend items; 0 keeps the chart's own
 * @param annotationPx text annotations (endpoint labels, NaN/Inf marks)
 * @param linePx       data lines
 * @param emphasisPx   the emphasised series (the OOD average)
 * @param markerPx     marker size; 0 keeps the renderer's default shapes
 * @param currentPx    the current-alpha point on the robustness chart
 */
record ChartLook(float titlePx, float axisLabelPx, float tickPx, float legendPx, float annotationPx, float linePx,
        float emphasisPx, double markerPx, double currentPx) {

    static final ChartLook DESKTOP = new ChartLook(0, 0, 0, 0, 12, 1.5f, 2.5f, 0, 14);
    static final ChartLook PRESENTATION = new ChartLook(26, 22, 20, 20, 20, 3.5f, 5.5f, 11, 24);

    boolean presentation() {
        return tickPx > 0;
    }

    Font annotationFont() {
        return new Font("SansSerif", Font.PLAIN, 1).deriveFont(annotationPx);
    }

    /**
     * Sets the chart's text sizes: this look's, or back to {@code original}'s (the fonts the chart was built with)
     * where this look keeps the chart's own.
     */
    void applyText(JFreeChart chart, Fonts original) {
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(titlePx > 0 ? original.title.deriveFont(titlePx) : original.title);
        }
        for (Axis axis : new Axis[] {chart.getXYPlot().getDomainAxis(), chart.getXYPlot().getRangeAxis()}) {
            axis.setLabelFont(axisLabelPx > 0 ? original.axisLabel.deriveFont(axisLabelPx) : original.axisLabel);
            axis.setTickLabelFont(tickPx > 0 ? original.tick.deriveFont(tickPx) : original.tick);
        }
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setItemFont(legendPx > 0 ? original.legend.deriveFont(legendPx) : original.legend);
        }
    }

    /** The fonts a chart was built with, so that leaving presentation mode restores them exactly. */
    static final class Fonts {
        private final Font title;
        private final Font axisLabel;
        private final Font tick;
        private final Font legend;

        Fonts(JFreeChart chart) {
            Axis x = chart.getXYPlot().getDomainAxis();
            title = chart.getTitle() != null ? chart.getTitle().getFont() : null;
            axisLabel = x.getLabelFont();
            tick = x.getTickLabelFont();
            legend = chart.getLegend() != null ? chart.getLegend().getItemFont() : null;
        }
    }
}
