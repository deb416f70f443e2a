package org.rftworkbench.figures;

import java.util.Objects;

/**
 * How a figure looks: physical size, fonts, line width, background, and the user's own title, axis labels and legend
 * position. Null text fields keep the chart's default; an empty title hides it. Immutable; use the {@code with...}
 * methods to change one field.
 *
 * @param widthInches   figure width
 * @param heightInches  figure height
 * @param fontFamily    any AWT family; the default "Serif" maps to a serif face available headless (DejaVu Serif on
 *                      Debian), close to LaTeX's Computer Roman at figure sizes
 * @param fontSizePt    tick and annotation text in points; axis labels and title are one point larger, legend one
 *                      point smaller
 * @param lineWidthPt   width of data lines in points
 * @param transparent   no background fill (the PNG keeps an alpha channel)
 * @param title         replaces the default title ("" hides it), or null
 * @param xLabel        replaces the default x-axis label, or null
 * @param yLabel        replaces the default y-axis label, or null
 * @param legend        legend position
 */
public record FigureStyle(double widthInches, double heightInches, String fontFamily, float fontSizePt,
        float lineWidthPt, boolean transparent, String title, String xLabel, String yLabel, LegendPosition legend) {

    public static final String DEFAULT_FONT_FAMILY = "Serif";

    public FigureStyle {
        if (!(widthInches > 0) || !(heightInches > 0)) {
            throw new IllegalArgumentException("figure size must be positive");
        }
        if (!(fontSizePt > 0) || !(lineWidthPt > 0)) {
            throw new IllegalArgumentException("font size and line width must be positive");
        }
        Objects.requireNonNull(fontFamily, "fontFamily");
        Objects.requireNonNull(legend, "legend");
    }

    /** The preset's size, font, text sizes and lines, white background, default labels, legend at the bottom. */
    public static FigureStyle of(PaperPreset preset) {
        return new FigureStyle(preset.widthInches(), preset.widthInches() * preset.aspect(), preset.fontFamily(),
                preset.fontSizePt(), preset.lineWidthPt(), false, null, null, null, LegendPosition.BOTTOM);
    }

    /** Width in points (1/72 in): the size charts are laid out at. */
    public double widthPt() {
        return widthInches * 72;
    }

    public double heightPt() {
        return heightInches * 72;
    }

    public FigureStyle withHeightInches(double h) {
        return new FigureStyle(widthInches, h, fontFamily, fontSizePt, lineWidthPt, transparent, title, xLabel, yLabel,
                legend);
    }

    public FigureStyle withFontFamily(String family) {
        return new FigureStyle(widthInches, heightInches, family, fontSizePt, lineWidthPt, transparent, title, xLabel,
                yLabel, legend);
    }

    public FigureStyle withFontSizePt(float size) {
        return new FigureStyle(widthInches, heightInches, fontFamily, size, lineWidthPt, transparent, title, xLabel,
                yLabel, legend);
    }

    public FigureStyle withTransparent(boolean t) {
        return new FigureStyle(widthInches, heightInches, fontFamily, fontSizePt, lineWidthPt, t, title, xLabel,
                yLabel, legend);
    }

    public FigureStyle withTitle(String t) {
        return new FigureStyle(widthInches, heightInches, fontFamily, fontSizePt, lineWidthPt, transparent, t, xLabel,
                yLabel, legend);
    }

    public FigureStyle withAxisLabels(String x, String y) {
        return new FigureStyle(widthInches, heightInches, fontFamily, fontSizePt, lineWidthPt, transparent, title, x, y,
                legend);
    }

    public FigureStyle withLegend(LegendPosition position) {
        return new FigureStyle(widthInches, heightInches, fontFamily, fontSizePt, lineWidthPt, transparent, title,
                xLabel, yLabel, position);
    }
}
