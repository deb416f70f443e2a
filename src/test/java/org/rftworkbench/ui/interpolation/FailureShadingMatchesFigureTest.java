package org.rftworkbench.ui.interpolation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.SweepRequest;
import org.rftworkbench.figures.AccuracyVsAlphaFigure;
import org.rftworkbench.figures.FigureStyle;
import org.rftworkbench.figures.PaperPreset;
import org.rftworkbench.figures.SweepFigures;
import org.rftworkbench.testutil.FakeComputeService;
import org.rftworkbench.testutil.TinyProject;
import org.rftworkbench.ui.common.FxThread;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The window's failure shading equals the exported figure's: the same sweep numbers reach the accuracy chart through
 * the interpolation view model's background grid and the figure through {@link SweepFigures}, and both shade the
 * same alpha intervals (exact crossings, not bands around grid points), plain and flipped.
 */
@ExtendWith(ApplicationExtension.class)
class FailureShadingMatchesFigureTest {
    /** alpha -> {id top-1, ood top-1}: avg OOD dips below its alpha = 0 value twice, crossing between grid points. */
    private static final double[][] NUMBERS = {
        {0.0, 0.60, 0.50}, {0.125, 0.64, 0.53}, {0.25, 0.68, 0.47}, {0.375, 0.71, 0.52}, {0.5, 0.73, 0.51},
        {0.625, 0.75, 0.49}, {0.75, 0.77, 0.44}, {0.875, 0.78, 0.46}, {1.0, 0.80, 0.52}};

    @TempDir
    Path dir;
    private AccuracyChart chart;

    @Start
    void start(Stage stage) {
        chart = new AccuracyChart();
        stage.setScene(new Scene(new StackPane(chart.node()), 600, 400));
        stage.show();
    }

    @Test
    void windowShadingEqualsTheExportedFigures(FxRobot robot) throws Exception {
        Path project = TinyProject.create(dir);
        Files.writeString(project, Files.readString(project).replaceAll("\"step\"\\s*:\\s*0\\.5", "\"step\" : 0.125"));
        FakeComputeService service = new FakeComputeService();
        InterpolationViewModel model = new InterpolationViewModel(service, FxThread.INLINE);
        model.open(ProjectStore.load(project));
        // the background grid asks for one alpha at a time; answer each from the table
        for (int i = 0; i < NUMBERS.length; i++) {
            FakeComputeService.Job<SweepResult> job = service.sweeps.get(i);
            double alpha = ((SweepRequest) job.request()).alphas().get(0);
            job.finish(sweep(List.of(row(alpha))));
        }
        Map<String, TreeMap<Double, Double>> curves = model.curvesProperty().get();
        assertEquals(NUMBERS.length, curves.get(InterpolationViewModel.AVG_OOD).size());

        SweepResult full = sweep(java.util.Arrays.stream(NUMBERS).map(r -> row(r[0])).toList());
        for (boolean flip : new boolean[] {false, true}) {
            robot.interact(() -> chart.update(curves, flip, "α"));
            List<double[]> window = new ArrayList<>();
            robot.interact(() -> window.addAll(chart.shadedIntervals()));
            List<double[]> figure = figureIntervals(full, flip);
            assertEquals(2, figure.size(), "two dips below the alpha = 0 level");
            assertEquals(figure.size(), window.size(), "flip " + flip);
            for (int i = 0; i < figure.size(); i++) {
                assertArrayEquals(figure.get(i), window.get(i), 1e-12, "flip " + flip + ", band " + i);
            }
            // exact crossings: the first band starts between alpha 0.125 and 0.25, not at a grid point +- 0.025
            double start = flip ? 1 - window.get(0)[1] : window.get(0)[0];
            assertTrue(start > 0.125 && start < 0.25, "starts at " + start);
            assertEquals(0.125 + 0.125 * (0.53 - 0.50) / (0.53 - 0.47), start, 1e-12);
        }
    }

    private static List<double[]> figureIntervals(SweepResult sweep, boolean flip) {
        XYPlot plot = AccuracyVsAlphaFigure.build(SweepFigures.accuracy(sweep, true, flip),
                FigureStyle.of(PaperPreset.SINGLE_COLUMN)).chart().getXYPlot();
        List<double[]> out = new ArrayList<>();
        for (Object m : plot.getDomainMarkers(Layer.BACKGROUND)) {
            IntervalMarker band = (IntervalMarker) m;
            out.add(new double[] {band.getStartValue(), band.getEndValue()});
        }
        return out;
    }

    private static SweepResult.Point row(double alpha) {
        for (double[] r : NUMBERS) {
            if (r[0] == alpha) {
                Map<String, SweepResult.Metrics> m = new LinkedHashMap<>();
                m.put("id", new SweepResult.Metrics("id", 40, r[1], 1, 1));
                m.put("ood", new SweepResult.Metrics("ood", 40, r[2], 1, 1));
                return new SweepResult.Point(alpha, m, r[2]);
            }
        }
        throw new IllegalArgumentException("no numbers for alpha " + alpha);
    }

    private static SweepResult sweep(List<SweepResult.Point> points) {
        return new SweepResult("t", "v", "now", null, points);
    }
}
