package org.rftworkbench.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.interpolate.AlphaOverrides;
import org.rftworkbench.core.model.Models;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;
import org.rftworkbench.core.session.InterpolationWorkspace;
import org.rftworkbench.core.session.SweepRunner;
import org.rftworkbench.core.util.Progress;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window on the bundled sample project with the embedded service (headless Monocle): moving the slider
 * with the keyboard makes the readouts converge to exactly what a sweep computes for that alpha.
 */
@ExtendWith(ApplicationExtension.class)
class InterpolationWindowTest {
    private static final Path SAMPLE = Path.of("sample-projects/fashion-clip-wiseft/project.json");
    @TempDir
    static Path cache;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        EmbeddedComputeService service = new EmbeddedComputeService(EmbeddedComputeService.Settings.of(
                cache.resolve("results"), cache.resolve("tensors")));
        window = new MainWindow(stage, service, UserSettings.defaults(), cache.resolve("settings.json"));
        stage.show();
        window.openProject(SAMPLE);
    }

    @AfterEach
    void close() {
        window.shutdown();
    }

    @Test
    void keyboardStepsMoveAlphaAndReadoutsConvergeToTheSweepValues(FxRobot robot) throws Exception {
        waitForExact(robot, "id_clean");
        Slider slider = robot.lookup("#alphaSlider").queryAs(Slider.class);
        robot.clickOn(slider);
        robot.interact(() -> slider.setValue(0.5));
        robot.type(KeyCode.LEFT, 4); // 0.5 - 4 * 0.05
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0.3, slider.getValue(), 1e-9);
        waitForExact(robot, "id_clean");
        waitForExact(robot, "avg_ood");

        SweepResult expected = directSweep(0.3);
        Map<String, SweepResult.Metrics> metrics = expected.points().get(0).datasets();
        for (Map.Entry<String, SweepResult.Metrics> e : metrics.entrySet()) {
            String shown = robot.lookup("#readout-" + e.getKey()).queryAs(Label.class).getText();
            assertEquals(String.format(Locale.ROOT, "%.2f %%", 100 * e.getValue().top1()), shown, e.getKey());
        }
        String avg = robot.lookup("#readout-avg_ood").queryAs(Label.class).getText();
        assertEquals(String.format(Locale.ROOT, "%.2f %%", 100 * expected.points().get(0).avgOodTop1()), avg);
    }

    /** Waits (bounded) until the readout shows an exact value (no interval). */
    private static void waitForExact(FxRobot robot, String dataset) throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> {
            var node = robot.lookup("#readout-" + dataset).tryQueryAs(Label.class);
            return node.isPresent() && node.get().getText().endsWith("%") && !node.get().getText().contains("[");
        });
    }

    private static SweepResult directSweep(double alpha) throws Exception {
        Models.prepareComputeThread();
        try (InterpolationWorkspace ws = InterpolationWorkspace.open(ProjectStore.load(SAMPLE), null,
                cache.resolve("tensors"), Progress.NONE)) {
            return SweepRunner.run(ws, List.of(alpha), AlphaOverrides.NONE, null, 256, Progress.NONE);
        }
    }
}
