package org.rftworkbench.figures;

import java.util.Locale;

/**
 * Figure sizes for two-column papers: the width of one column or of the full text block, a height from the aspect
 * ratio, and font sizes that sit well next to 10 pt LaTeX body text when the figure is included at its natural size.
 */
public enum PaperPreset {
    /** About one column of a two-column paper (ICML/NeurIPS/IEEE: 3.25-3.4 in). */
    SINGLE_COLUMN("single-column", 3.3, 0.8, 8f, 1.0f),
    /** The full text width of a two-column paper (6.75-7.0 in). */
    DOUBLE_COLUMN("double-column", 6.9, 0.42, 9f, 1.25f);

    private final String cliName;
    private final double widthInches;
    private final double aspect;
    private final float fontSizePt;
    private final float lineWidthPt;

    PaperPreset(String cliName, double widthInches, double aspect, float fontSizePt, float lineWidthPt) {
        this.cliName = cliName;
        this.widthInches = widthInches;
        this.aspect = aspect;
        this.fontSizePt = fontSizePt;
        this.lineWidthPt = lineWidthPt;
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
                "unknown preset '%s' (expected single-column or double-column)", text));
    }
}
