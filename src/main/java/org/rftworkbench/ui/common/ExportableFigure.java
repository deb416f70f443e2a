package org.rftworkbench.ui.common;

import java.util.Objects;
import java.util.function.Function;
import org.rftworkbench.figures.Figure;
import org.rftworkbench.figures.FigureProvenance;
import org.rftworkbench.figures.FigureStyle;

/**
 * What a chart in the window exports: a builder of the paper figure for a style (the same figure code the
 * {@code figures} command uses, so window and paper show the same numbers) and its provenance. The builder must
 * only capture immutable data: it runs on the io thread.
 *
 * @param name       file stem suggested to the user, e.g. "accuracy-vs-alpha"
 * @param build      style -> figure (AWT/JFreeChart only, no JavaFX)
 * @param provenance checkpoints, datasets, alphas and settings written beside the figure
 */
public record ExportableFigure(String name, Function<FigureStyle, Figure> build, FigureProvenance provenance) {
    public ExportableFigure {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(provenance, "provenance");
    }
}
