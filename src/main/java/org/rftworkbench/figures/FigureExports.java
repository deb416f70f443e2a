package org.rftworkbench.figures;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import org.rftworkbench.core.eval.SweepResult;

/** One-call exports used by the desktop app's File > Export Figures. Stateless; call off the FX thread. */
public final class FigureExports {
    private FigureExports() {
    }

    /**
     * Writes the accuracy-vs-alpha and effective-robustness figures of a sweep as PDF, SVG and 300-dpi PNG, each with
     * its CSV and JSON provenance sidecar.
     *
     * @return the number of files written
     */
    public static int writeSweepFigures(SweepResult sweep, PaperPreset preset, boolean flipped, Path dir)
            throws IOException {
        FigureStyle style = FigureStyle.of(preset);
        FigureProvenance provenance = FigureProvenance.of(sweep);
        EnumSet<ExportFormat> formats = EnumSet.allOf(ExportFormat.class);
        int files = FigureExporter.export(AccuracyVsAlphaFigure.build(SweepFigures.accuracy(sweep, true, flipped),
                style), style, provenance, dir, formats, 300).size();
        RobustnessFigure.Data robustness = SweepFigures.robustness(sweep);
        if (robustness != null) {
            files += FigureExporter.export(RobustnessFigure.build(robustness, style), style, provenance, dir, formats,
                    300).size();
        }
        return files;
    }
}
