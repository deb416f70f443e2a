package org.rftworkbench.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.eval.SweepResult;

/** The app's File > Export Figures writes both sweep figures in every format with their sidecars. */
class FigureExportsTest {
    @Test
    void writesAccuracyAndRobustnessInEveryFormat(@TempDir Path dir) throws Exception {
        List<SweepResult.Point> points = new java.util.ArrayList<>();
        for (double a : new double[] {0, 0.5, 1}) {
            Map<String, SweepResult.Metrics> m = new LinkedHashMap<>();
            m.put("id", new SweepResult.Metrics("id", 100, 0.7 + 0.2 * a, 1, 1));
            m.put("ood", new SweepResult.Metrics("ood", 100, 0.6 + 0.1 * a - 0.2 * a * a, 1, 1));
            points.add(new SweepResult.Point(a, m, m.get("ood").top1()));
        }
        SweepResult.Provenance p = new SweepResult.Provenance("p.json", "model",
                new SweepResult.Checkpoint("zero-shot", "a.st", "aa11"), new SweepResult.Checkpoint("fine-tuned", "b.st",
                        "bb22"), Map.of(), Map.of(), "engine");
        SweepResult sweep = new SweepResult("rft-workbench", "v", "now", p, points);
        int files = FigureExports.writeSweepFigures(sweep, PaperPreset.SINGLE_COLUMN, false, dir);
        assertEquals(10, files, "2 figures x (pdf, svg, png, csv, json)");
        for (String name : new String[] {"accuracy-vs-alpha", "effective-robustness"}) {
            for (String ext : new String[] {"pdf", "svg", "png", "csv", "json"}) {
                assertTrue(Files.size(dir.resolve(name + "." + ext)) > 0, name + "." + ext);
            }
            assertTrue(Files.readString(dir.resolve(name + ".json")).contains("bb22"), "sidecar names checkpoint hash");
        }
    }
}
