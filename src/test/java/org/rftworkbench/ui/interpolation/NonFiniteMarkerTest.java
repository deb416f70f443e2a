package org.rftworkbench.ui.interpolation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The accuracy chart marks alphas whose logits held NaN/Inf, on the displayed axis (flipped too), and only those. */
@ExtendWith(ApplicationExtension.class)
class NonFiniteMarkerTest {
    private AccuracyChart chart;

    @Start
    void start(Stage stage) {
        chart = new AccuracyChart();
        stage.setScene(new Scene(new StackPane(chart.node()), 600, 400));
        stage.show();
    }

    @Test
    void markedAlphasFollowTheConventionAndAreReplacedOnEachUpdate(FxRobot robot) {
        Map<String, TreeMap<Double, Double>> curves = new LinkedHashMap<>();
        curves.put("id", new TreeMap<>(Map.of(0.0, 0.6, 0.3, 0.0, 1.0, 0.8)));
        robot.interact(() -> chart.update(curves, Set.of(0.3), false, "α"));
        assertEquals(List.of(0.3), chart.nonFiniteMarkers());
        robot.interact(() -> chart.update(curves, Set.of(0.3), true, "α"));
        assertEquals(List.of(0.7), chart.nonFiniteMarkers(), "1 - alpha when the convention is flipped");
        robot.interact(() -> chart.update(curves, false, "α"));
        assertEquals(List.of(), chart.nonFiniteMarkers());
    }
}
