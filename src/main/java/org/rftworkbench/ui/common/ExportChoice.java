package org.rftworkbench.ui.common;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.rftworkbench.figures.ExportFormat;
import org.rftworkbench.figures.FigureExporter;
import org.rftworkbench.figures.FigureStyle;
import org.rftworkbench.figures.LegendPosition;
import org.rftworkbench.figures.PaperPreset;

/**
 * The user's answers in the export dialog: paper preset, formats, PNG resolution, and optional title, axis labels,
 * legend position and transparency. Immutable.
 *
 * @param title  null keeps the figure's own title, "" hides it
 * @param xLabel null keeps the default
 * @param yLabel null keeps the default
 * @param absolutePaths write absolute local paths into the provenance (default: relative to the project folder)
 */
public record ExportChoice(PaperPreset preset, Set<ExportFormat> formats, int dpi, String title, String xLabel,
        String yLabel, LegendPosition legend, boolean transparent, boolean absolutePaths) {
    public ExportChoice {
        formats = Set.copyOf(formats);
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("choose at least one format");
        }
    }

    /** A choice with paths relative to the project folder (the dialog's default). */
    public ExportChoice(PaperPreset preset, Set<ExportFormat> formats, int dpi, String title, String xLabel,
            String yLabel, LegendPosition legend, boolean transparent) {
        this(preset, formats, dpi, title, xLabel, yLabel, legend, transparent, false);
    }

    /** The preset's style with the user's text, legend and background. */
    public FigureStyle style() {
        return FigureStyle.of(preset).withTitle(title).withAxisLabels(blankToNull(xLabel), blankToNull(yLabel))
                .withLegend(legend).withTransparent(transparent);
    }

    /** Builds the figure for this choice and writes it with its CSV and JSON sidecar; call off the FX thread. */
    public List<Path> export(ExportableFigure figure, Path dir) throws IOException {
        FigureStyle style = style();
        return FigureExporter.export(figure.build().apply(style), style, figure.provenance(), dir,
                java.util.EnumSet.copyOf(formats), dpi, absolutePaths);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
