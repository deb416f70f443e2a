package org.rftworkbench.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.figures.ExportFormat;
import org.rftworkbench.figures.FigureProvenance;
import org.rftworkbench.figures.FigureStyle;
import org.rftworkbench.figures.LegendPosition;
import org.rftworkbench.figures.PaperPreset;
import org.rftworkbench.figures.SparsityFigure;

/** The export dialog's answers become the figure style, and exporting writes the chosen files with the user's text. */
class ExportChoiceTest {
    @TempDir
    Path dir;

    @Test
    void choiceMapsToThePresetStyleWithTheUsersTextAndLegend() {
        ExportChoice c = new ExportChoice(PaperPreset.DOUBLE_COLUMN, EnumSet.of(ExportFormat.PDF), 300, "My title",
                " ", "OOD accuracy", LegendPosition.RIGHT, true);
        FigureStyle s = c.style();
        assertEquals(PaperPreset.DOUBLE_COLUMN.widthInches(), s.widthInches());
        assertEquals("My title", s.title());
        assertNull(s.xLabel(), "a blank label keeps the default");
        assertEquals("OOD accuracy", s.yLabel());
        assertEquals(LegendPosition.RIGHT, s.legend());
        assertTrue(s.transparent());
        assertThrows(IllegalArgumentException.class, () -> new ExportChoice(PaperPreset.SINGLE_COLUMN, Set.of(), 300,
                null, null, null, LegendPosition.BOTTOM, false));
    }

    @Test
    void exportWritesOnlyTheChosenFormatsPlusDataAndSidecarWithTheUsersTitle() throws Exception {
        SparsityFigure.Data data = new SparsityFigure.Data(List.of(
                new org.rftworkbench.figures.Curve("before", new double[] {0, 0.5, 1}, new double[] {0.6, 0.5, 0.4}),
                new org.rftworkbench.figures.Curve("after", new double[] {0, 0.5, 1}, new double[] {0.6, 0.62, 0.5})),
                "avg OOD accuracy", null);
        ExportableFigure figure = new ExportableFigure(SparsityFigure.NAME, style -> SparsityFigure.build(data, style),
                FigureProvenance.now("p.json", List.of(), Map.of(), List.of(0.0, 0.5, 1.0), Map.of(), List.of()));
        ExportChoice c = new ExportChoice(PaperPreset.SINGLE_COLUMN, EnumSet.of(ExportFormat.SVG), 150,
                "Sparse stragglers \u03b1", null, null, LegendPosition.BOTTOM, false);
        List<Path> files = c.export(figure, dir);
        assertEquals(List.of("sparsity-before-after.svg", "sparsity-before-after.csv", "sparsity-before-after.json"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        assertTrue(Files.readString(dir.resolve("sparsity-before-after.svg"), StandardCharsets.UTF_8)
                .contains("Sparse stragglers \u03b1"));
        assertTrue(!Files.exists(dir.resolve("sparsity-before-after.pdf")));
    }

    @Test
    void absolutePathsOnlyWhenTheBoxIsTicked() throws Exception {
        SparsityFigure.Data data = new SparsityFigure.Data(List.of(
                new org.rftworkbench.figures.Curve("before", new double[] {0, 1}, new double[] {0.6, 0.4})),
                "avg OOD accuracy", null);
        String project = dir.resolve("proj/project.json").toAbsolutePath().toString();
        String checkpoint = dir.resolve("proj/ckpt/b.safetensors").toAbsolutePath().toString();
        ExportableFigure figure = new ExportableFigure(SparsityFigure.NAME, style -> SparsityFigure.build(data, style),
                FigureProvenance.now(project, List.of(new FigureProvenance.CheckpointRef("B", checkpoint, "ab12")),
                        Map.of(), List.of(0.0, 1.0), Map.of(), List.of()));
        ExportChoice relative = new ExportChoice(PaperPreset.SINGLE_COLUMN, EnumSet.of(ExportFormat.SVG), 72, null,
                null, null, LegendPosition.BOTTOM, false);
        relative.export(figure, dir.resolve("rel"));
        for (String ext : List.of("svg", "json")) {
            String text = Files.readString(dir.resolve("rel/sparsity-before-after." + ext), StandardCharsets.UTF_8);
            assertTrue(!text.contains(dir.toAbsolutePath().toString()), ext + ": " + text);
            assertTrue(text.contains("ckpt/b.safetensors") && text.contains("ab12"), ext);
        }
        ExportChoice absolute = new ExportChoice(PaperPreset.SINGLE_COLUMN, EnumSet.of(ExportFormat.SVG), 72, null,
                null, null, LegendPosition.BOTTOM, false, true);
        absolute.export(figure, dir.resolve("abs"));
        assertTrue(Files.readString(dir.resolve("abs/sparsity-before-after.json")).contains(checkpoint));
    }
}
