package org.rftworkbench.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.annotations.XYAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.eval.PlaneResult;
import org.rftworkbench.core.eval.SweepResult;

/** The plane heatmap: one block per computed cell, the marks, the best cell, the CSV, gap filling, exports. */
class PlaneFigureTest {
    @TempDir
    Path dir;

    /** A 15 x 15 plane over -0.2..1.2 whose ID accuracy peaks at (0.4, 0.3) and loss is lowest there. */
    static PlaneResult plane(boolean complete) {
        List<Double> axis = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            axis.add(Math.round((-0.2 + 0.1 * i) * 10) / 10.0);
        }
        List<PlaneResult.Cell> cells = new ArrayList<>();
        for (double u : axis) {
            for (double v : axis) {
                if (!complete && (Math.round(u * 10) % 2 != 0 || Math.round(v * 10) % 2 != 0)) {
                    continue;
                }
                double d = (u - 0.4) * (u - 0.4) + (v - 0.3) * (v - 0.3);
                Map<String, SweepResult.Metrics> m = new LinkedHashMap<>();
                m.put("id_clean", new SweepResult.Metrics("id", 1000, 0.9 - d / 4, 0.99, 0.3 + d));
                m.put("ood_blur", new SweepResult.Metrics("ood", 1000, 0.6 - d / 5, 0.95, 1.0 + d));
                cells.add(PlaneResult.Cell.of(u, v, m));
            }
        }
        PlaneResult.Provenance p = new PlaneResult.Provenance("p.json", "m",
                new SweepResult.Checkpoint("zero-shot", "a", "1"), new SweepResult.Checkpoint("run-one", "b", "2"),
                new SweepResult.Checkpoint("run-two", "c", "3"), Map.of(), Map.of(), "e");
        return new PlaneResult("rft-workbench", "t", "now", p, axis, axis, cells);
    }

    private static FigureStyle style() {
        return FigureStyle.of(PaperPreset.SINGLE_COLUMN);
    }

    @Test
    void oneBlockPerCellTheMarksAndTheBestCell() {
        PlaneResult plane = plane(true);
        Figure f = PlaneFigure.build(plane, PlaneResult.Metric.ID_TOP1, style());
        XYPlot plot = f.chart().getXYPlot();
        assertEquals(225, plot.getDataset().getItemCount(0));
        XYBlockRenderer r = (XYBlockRenderer) plot.getRenderer();
        assertEquals(0.1, r.getBlockWidth(), 1e-9);
        assertEquals(0.1, r.getBlockHeight(), 1e-9);
        List<String> texts = new ArrayList<>();
        for (XYAnnotation a : plot.getAnnotations()) {
            if (a instanceof XYTextAnnotation t) {
                texts.add(t.getText());
            }
        }
        assertTrue(texts.containsAll(List.of("A", "B1", "B2", "soup")), texts.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> best = (Map<String, Object>) f.details().get("best");
        assertEquals(0.4, (double) best.get("u"), 1e-12);
        assertEquals(0.3, (double) best.get("v"), 1e-12);
        assertTrue(plot.getDomainAxis().getLabel().contains("run-one"));
        assertTrue(plot.getRangeAxis().getLabel().contains("run-two"));
        assertEquals("plane-id-accuracy", f.name());
        // accuracy in percent on the colour scale
        @SuppressWarnings("unchecked")
        List<Double> scale = (List<Double>) f.details().get("colourScale");
        assertEquals(90.0, scale.get(1), 1e-9);
    }

    @Test
    void theLossMarksItsMinimum() {
        Figure f = PlaneFigure.build(plane(true), PlaneResult.Metric.ID_LOSS, style());
        @SuppressWarnings("unchecked")
        Map<String, Object> best = (Map<String, Object>) f.details().get("best");
        assertEquals(0.3, (double) best.get("value"), 1e-12);
        assertEquals(0.4, (double) best.get("u"), 1e-12);
    }

    @Test
    void theCsvListsComputedCellsAndGapFillingCoversThePlane() {
        PlaneResult partial = plane(false); // every other point: 8 x 8
        Figure computed = PlaneFigure.build(partial, PlaneResult.Metric.AVG_OOD_TOP1, style());
        assertEquals(64, computed.chart().getXYPlot().getDataset().getItemCount(0));
        Figure filled = PlaneFigure.build(partial, PlaneResult.Metric.AVG_OOD_TOP1, style(), true);
        assertEquals(225, filled.chart().getXYPlot().getDataset().getItemCount(0));
        assertEquals(64, filled.data().rows().size());
        assertEquals(List.of("u", "v", "id_top1", "avg_ood_top1", "id_loss", "id_clean_top1", "ood_blur_top1"),
                filled.data().header());
        List<String> first = filled.data().rows().get(0);
        assertEquals(-0.2, Double.parseDouble(first.get(0)), 1e-12);
        assertEquals(partial.cells().get(0).avgOodTop1(), Double.parseDouble(first.get(3)), 1e-6);
        assertEquals(3, PlaneFigure.all(partial, style()).size());
    }

    @Test
    void exportsPdfSvgAndPng() throws Exception {
        Figure f = PlaneFigure.build(plane(true), PlaneResult.Metric.AVG_OOD_TOP1, style());
        List<Path> files = FigureExporter.export(f, style(), FigureProvenance.of(plane(true)), dir,
                EnumSet.allOf(ExportFormat.class), 150, false);
        for (String ext : List.of("pdf", "svg", "png", "csv", "json")) {
            Path p = dir.resolve("plane-ood-accuracy." + ext);
            assertTrue(files.contains(p), p.toString());
            assertTrue(Files.size(p) > 100, p.toString());
        }
        assertTrue(Files.readString(dir.resolve("plane-ood-accuracy.json")).contains("run-two"));
    }
}
