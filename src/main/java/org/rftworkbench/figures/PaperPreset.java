package org.rftworkbench.figures;

import java.util.Locale;

/**
 * Figure sizes for two-column papers and for slides: a width, a height from the aspect ratio, font sizes that sit
 * well next to 10 pt LaTeX body text (papers) or read from the back of a lecture hall (slides) when the figure is
 * included at its natural size, and the PNG resolution that fits the medium.
 */
public enum PaperPreset {
    /** About one column of a two-column paper (ICML/NeurIPS/IEEE: 3.25-3.4 in). */
    SINGLE_COLUMN("single-column", 3.3, 0.8, 8f, 1.0f, FigureStyle.DEFAULT_FONT_FAMILY, 300),
    /** The full text width of a two-column paper (6.75-7.0 in). */
    DOUBLE_COLUMN("double-column", 6.9, 0.42, 9f, 1.25f, FigureStyle.DEFAULT_FONT_FAMILY, 300),
    /**
     * A whole 16:9 slide (PowerPoint's and Keynote's widescreen page, 13.33 x 7.5 in): 20 pt sans-serif text, 3 pt
     * lines, markers that grow with the text; its PNG is 1920 x 1080 at the default 144 dpi.
     */
    SLIDE("slide", 40.0 / 3.0, 9.0 / 16.0, 20f, 3.0f, "SansSerif", 144);

    private final String cliName;
    private final double widthInches;
    private final double aspect;
    private final float fontSizePt;
    private final float lineWidthPt;
    private final String fontFamily;
    private final int defaultDpi;

    PaperPreset(String cliName, double widthInches, double aspect, float fontSizePt, float lineWidthPt,
                String fontFamily, int defaultDpi) {
        this.cliName = cliName;
        this.widthInches = widthInches;
        this.aspect = aspect;
        this.fontSizePt = fontSizePt;
        this.lineWidthPt = lineWidthPt;
        this.fontFamily = fontFamily;
        this.defaultDpi = defaultDpi;
    }

    /** Font family of the text (Serif for papers, SansSerif for slides). */
    public String fontFamily() {
        return fontFamily;
    }

    /** PNG resolution unless the user chooses another: 300 for print, 144 for a 1920-pixel-wide slide. */
    public int defaultDpi() {
        return defaultDpi;
    }

    /** The name used on the command line, e.g. "single-column". */
    public String cliName() {
        return cliName;
    }

    public double widthInches() {
        return widthInches;
    }

    /** Height divided by width. */
    public double aspect() {
        return aspect;
    }

    /** Tick text; axis labels and the title are one point larger, the legend one point smaller. */
    public float fontSizePt() {
        return fontSizePt;
    }

    /** Data lines; the emphasised series is drawn 1.6 times thicker. */
    public float lineWidthPt() {
        return lineWidthPt;
    }

    /** Parses "single-column" / "double-column" (also the enum names); throws IllegalArgumentException otherwise. */
    public static PaperPreset parse(String text) {
        for (PaperPreset p : values()) {
            if (p.cliName.equalsIgnoreCase(text) || p.name().equalsIgnoreCase(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException(String.format(Locale.ROOT,
                "unknown preset '%s' (expected single-column, double-column or slide)", text));
    }
}
