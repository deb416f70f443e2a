package org.rftworkbench.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Stroke;

/**
 * Okabe-Ito colour-blind-safe palette and dash patterns that stay distinguishable in greyscale, shared by the
 * window's charts and the exported figures. Lives here (not in the UI) so a headless JVM can use it.
 */
public final class Palette {
    private static final Color[] COLORS = {
        new Color(0x00, 0x72, 0xB2), // blue
        new Color(0xD5, 0x5E, 0x00), // vermillion
        new Color(0x00, 0x9E, 0x73), // bluish green
        new Color(0xCC, 0x79, 0xA7), // reddish purple
        new Color(0xE6, 0x9F, 0x00), // orange
        new Color(0x56, 0xB4, 0xE9), // sky blue
        new Color(0xF0, 0xE4, 0x42), // yellow
        new Color(0x00, 0x00, 0x00), // black
    };
    private static final float[][] DASHES = {null, {6f, 3f}, {2f, 2f}, {8f, 3f, 2f, 3f}, {4f, 4f}, {1f, 3f}};

    private Palette() {
    }

    /** The i-th Okabe-Ito colour (cycles after eight). */
    public static Color color(int i) {
        return COLORS[Math.floorMod(i, COLORS.length)];
    }

    /**
     * The i-th colour for a projector: as {@link #color(int)}, but Okabe-Ito's yellow, which a washed-out projector
     * turns white, is replaced by a dark gold that keeps its hue.
     */
    public static Color projectorColor(int i) {
        Color c = color(i);
        return c.equals(COLORS[6]) ? new Color(0xA8, 0x8F, 0x00) : c;
    }

    /** The i-th dash pattern (solid first; cycles after six) at {@code width} user units (points in figures). */
    public static Stroke stroke(int i, float width) {
        float[] dash = DASHES[Math.floorMod(i, DASHES.length)];
        return dash == null ? new BasicStroke(width) : new BasicStroke(width, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_ROUND, 10f, dash, 0f);
    }

    /**
     * The i-th marker shape, {@code size} units across: circle, square, triangle, diamond, down-triangle (they differ
     * in outline as well as colour, like the exported figures').
     */
    public static java.awt.Shape marker(int i, double size) {
        return ChartStyling.marker(i, size);
    }
}
