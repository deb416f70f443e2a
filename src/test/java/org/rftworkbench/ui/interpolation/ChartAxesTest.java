package org.rftworkbench.ui.interpolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javafx.stage.Stage;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.Range;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rftworkbench.testutil.TickLabels;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The window's charts right after a real-size project opens, when zero, one or two alphas are computed: fixed,
 * readable ranges (alpha 0..1, accuracy in percent), plain tick labels. Before, one point collapsed both axes to
 * 1e-8 ("1.015625E1" on every tick, "5E-1" on x) and an empty accuracy axis ran 0..1.0 while labelled in %.
 */
@ExtendWith(ApplicationExtension.class)
class ChartAxesTest {
    @Start
    void start(Stage stage) {
        // the toolkit only: the charts are built and measured without being shown
    }

    private static Map<String, TreeMap<Double, Double>> curves(double[] alphas, double[] id, double[] avg) {
        Map<String, TreeMap<Double, Double>> curves = new LinkedHashMap<>();
        curves.put("id", new TreeMap<>());
        curves.put(InterpolationViewModel.AVG_OOD, new TreeMap<>());
        for (int i = 0; i < alphas.length; i++) {
            curves.get("id").put(alphas[i], id[i]);
            curves.get(InterpolationViewModel.AVG_OOD).put(alphas[i], avg[i]);
        }
        return curves;
    }

    private static void assertPlain(NumberAxis axis) {
        List<String> labels = TickLabels.of(axis);
        assertTrue(labels.size() >= 2, axis.getLabel() + ": " + labels);
        assertTrue(labels.stream().noneMatch(l -> l.contains("E") || l.equals("-0") || l.startsWith("-0.0")),
                axis.getLabel() + ": " + labels);
    }

    private static void assertCovers(Range range, double from, double to) {
        assertTrue(range.getLowerBound() <= from && range.getUpperBound() >= to, range + " covers " + from + ".." + to);
    }

    private static void assertPercentAxis(NumberAxis axis, double... percent) {
        assertTrue(axis.getLabel().contains("%"), axis.getLabel());
        Range r = axis.getRange();
        assertTrue(r.getLowerBound() >= 0 && r.getUpperBound() <= 100, r.toString());
        assertTrue(r.getLength() >= 10, "a window of at least 10 points: " + r);
        for (double p : percent) {
            assertTrue(r.contains(p), r + " shows " + p);
        }
        assertPlain(axis);
    }

    @Test
    void accuracyAxesWithZeroOneAndTwoPoints(FxRobot robot) {
        robot.interact(() -> {
            AccuracyChart chart = new AccuracyChart();
            XYPlot plot = chart.chart().getXYPlot();
            NumberAxis x = (NumberAxis) plot.getDomainAxis();
            NumberAxis y = (NumberAxis) plot.getRangeAxis();

            chart.update(curves(new double[0], new double[0], new double[0]), false, "α");
            assertEquals(new Range(0, 100), y.getRange(), "before the first point: 0..100 %, not 0..1");
            assertPercentAxis(y);
            assertCovers(x.getRange(), 0, 1);
            assertPlain(x);

            chart.update(curves(new double[] {0.5}, new double[] {0.1015625}, new double[] {0.1015625}), false, "α");
            assertPercentAxis(y, 10.15625);
            assertCovers(x.getRange(), 0, 1);
            assertTrue(x.getRange().getLength() < 1.2, "the slider's range, not more: " + x.getRange());
            assertPlain(x);

            chart.update(curves(new double[] {0.0, 1.0}, new double[] {0.1015625, 0.1015625},
                    new double[] {Double.NaN, 0.1015625}), false, "α");
            assertPercentAxis(y, 10.15625);
            assertPlain(x);

            chart.setAlphaRange(-0.5, 1.5);
            assertCovers(x.getRange(), -0.5, 1.5);
            assertPlain(x);
        });
    }

    @Test
    void robustnessAxesWithZeroOneAndTwoPoints(FxRobot robot) {
        robot.interact(() -> {
            RobustnessChart chart = new RobustnessChart();
            XYPlot plot = chart.chart().getXYPlot();
            NumberAxis x = (NumberAxis) plot.getDomainAxis();
            NumberAxis y = (NumberAxis) plot.getRangeAxis();

            chart.update(curves(new double[0], new double[0], new double[0]), "id", null);
            assertEquals(new Range(0, 100), x.getRange());
            assertEquals(new Range(0, 100), y.getRange());
            assertPercentAxis(x);
            assertPercentAxis(y);

            chart.update(curves(new double[] {0.5}, new double[] {0.7}, new double[] {0.1015625}), "id", null);
            assertPercentAxis(x, 70);
            assertPercentAxis(y, 10.15625);

            chart.update(curves(new double[] {0.0, 1.0}, new double[] {0.7, 0.7}, new double[] {0.1, 0.1}), "id",
                    new double[] {72.5, 11.0});
            assertPercentAxis(x, 70, 72.5);
            assertPercentAxis(y, 10, 11);
            assertFalse(chart.dataset().getSeriesCount() < 2, "the current alpha is drawn");
        });
    }
}
