package org.rftworkbench.ui.sparsity;

import java.util.List;
import org.jfree.chart.fx.ChartViewer;
import org.rftworkbench.figures.FigureStyle;
import org.rftworkbench.figures.LegendPosition;
import org.rftworkbench.figures.SparsityFigure;

/**
 * The before/after accuracy chart: the exported figure's own chart ({@link SparsityFigure}, avg OOD black and ID
 * blue, before dashed, after solid, control dotted) in a {@link ChartViewer}, so what the window shows is what
 * Export writes. Screen style: sans-serif 12 pt text, 2 pt lines (presentation mode: 20 pt, 3 pt). FX thread only.
 */
final class SparsityChart {
    /** The window's style; the figure's size only matters for export (the viewer fills its space). */
    static final FigureStyle WINDOW_STYLE = new FigureStyle(6.9, 3.6, "SansSerif", 12f, 2f, false, null, null, null,
            LegendPosition.BOTTOM);
    /** Presentation mode: the slide preset's 20 pt text and 3 pt lines, so the back row reads it too. */
    static final FigureStyle PRESENTATION_STYLE = new FigureStyle(6.9, 3.6, "SansSerif", 20f, 3f, false, null, null,
            null, LegendPosition.BOTTOM);
    static final String EMPTY_TITLE = "Choose groups and press Apply to compare before and after";

    private final ChartViewer viewer;
    private FigureStyle style = WINDOW_STYLE;
    private SparsityOutcome shown;

    SparsityChart() {
        viewer = new ChartViewer(windowChart(new SparsityFigure.Data(List.of(), "top-1 accuracy (%)", EMPTY_TITLE),
                WINDOW_STYLE));
        viewer.setId("sparsityChart");
    }

    ChartViewer viewer() {
        return viewer;
    }

    /** Shows an outcome, or the empty chart for null. */
    void show(SparsityOutcome outcome) {
        shown = outcome;
        SparsityFigure.Data data;
        if (outcome == null) {
            data = new SparsityFigure.Data(List.of(), "top-1 accuracy (%)", EMPTY_TITLE);
        } else {
            data = SparsityViewModel.figureData(outcome);
        }
        viewer.setChart(windowChart(data, style));
    }

    /** Presentation mode on or off: redraws what is shown in the other style. */
    void setPresentation(boolean on) {
        FigureStyle wanted = on ? PRESENTATION_STYLE : WINDOW_STYLE;
        if (wanted != style) {
            style = wanted;
            show(shown);
        }
    }

    /** The figure's chart with room on the right, so the last tick label (alpha = 1) is not clipped. */
    private static org.jfree.chart.JFreeChart windowChart(SparsityFigure.Data data, FigureStyle style) {
        org.jfree.chart.JFreeChart chart = SparsityFigure.build(data, style).chart();
        chart.setPadding(new org.jfree.chart.ui.RectangleInsets(4, 4, 4, 16));
        return chart;
    }
}
