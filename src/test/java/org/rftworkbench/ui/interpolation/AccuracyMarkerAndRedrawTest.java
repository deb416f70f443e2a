package org.rftworkbench.ui.interpolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rftworkbench.ui.common.OncePerPulse;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The accuracy chart's alpha marker (a line node over the chart, moved without redrawing the chart) sits where the
 * x axis puts alpha, and redraws requested many times within one frame run once.
 */
@ExtendWith(ApplicationExtension.class)
class AccuracyMarkerAndRedrawTest {
    private AccuracyChart chart;

    @Start
    void start(Stage stage) {
        chart = new AccuracyChart();
        stage.setScene(new Scene(new javafx.scene.layout.StackPane(chart.node()), 600, 400));
        stage.show();
        Map<String, TreeMap<Double, Double>> curves = new LinkedHashMap<>();
        curves.put("id", new TreeMap<>(Map.of(0.0, 0.5, 1.0, 0.9)));
        chart.update(curves, false, "α");
    }

    @Test
    void markerFollowsAlphaAlongTheAxis(FxRobot robot) {
        double[] x = new double[3];
        robot.interact(() -> {
            chart.setAlpha(0.0);
            x[0] = chart.markerX();
            chart.setAlpha(0.5);
            x[1] = chart.markerX();
            chart.setAlpha(1.0);
            x[2] = chart.markerX();
        });
        assertTrue(x[0] < x[1] && x[1] < x[2], java.util.Arrays.toString(x));
        assertEquals((x[0] + x[2]) / 2, x[1], 1.0, "alpha 0.5 is midway on a linear axis from 0 to 1");
        var area = chart.viewer().getCanvas().getRenderingInfo().getPlotInfo().getDataArea();
        assertTrue(x[0] >= area.getMinX() - 1 && x[2] <= area.getMaxX() + 1, area + " " + x[0] + ".." + x[2]);
        assertTrue(robot.lookup("#alphaMarker").query().isVisible());
    }

    @Test
    void requestsWithinOneFrameRunTheRedrawOnce(FxRobot robot) {
        AtomicInteger runs = new AtomicInteger();
        OncePerPulse redraw = new OncePerPulse(runs::incrementAndGet);
        robot.interact(() -> {
            for (int i = 0; i < 10; i++) {
                redraw.request();
            }
            assertEquals(0, runs.get(), "nothing runs before the next pulse");
        });
        WaitForAsyncUtils.sleep(200, java.util.concurrent.TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, runs.get());
        robot.interact(redraw::request);
        WaitForAsyncUtils.sleep(200, java.util.concurrent.TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, runs.get(), "a later request runs again");
    }
}
