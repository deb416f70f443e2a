package org.rftworkbench.figures;

import org.jfree.chart.ui.RectangleEdge;

/** Where a chart's legend goes; NONE hides it. Legends sit outside the plot area so they never cover data. */
public enum LegendPosition {
    TOP, BOTTOM, LEFT, RIGHT, NONE;

    RectangleEdge edge() {
        return switch (this) {
            case TOP -> RectangleEdge.TOP;
            case LEFT -> RectangleEdge.LEFT;
            case RIGHT -> RectangleEdge.RIGHT;
            case BOTTOM, NONE -> RectangleEdge.BOTTOM;
        };
    }
}
