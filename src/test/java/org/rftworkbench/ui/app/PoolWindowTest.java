package org.rftworkbench.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window opens a format-3 project (the pool sample) on its selected pair: at alpha 1 the readouts are the
 * selected run's recorded reference sweep (expected_sweeps.json, made by the workbench's sweep of that run).
 */
@ExtendWith(ApplicationExtension.class)
class PoolWindowTest {
    private static final Path POOL = Path.of("sample-projects/fashion-clip-pool");
    @TempDir
    static Path cache;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        EmbeddedComputeService service = new EmbeddedComputeService(EmbeddedComputeService.Settings.of(
                cache.resolve("results"), cache.resolve("tensors")));
        window = new MainWindow(stage, service, UserSettings.defaults(), cache.resolve("settings.json"));
        stage.show();
        window.openProject(POOL.resolve("project.json"));
    }

    @AfterEach
    void close() {
        window.shutdown();
    }

    @Test
    void readoutsAtAlphaOneAreTheSelectedRunsReference(FxRobot robot) throws Exception {
        String selected = ProjectStore.load(POOL.resolve("project.json")).spec().selected().label();
        JsonNode expected = new ObjectMapper().readTree(POOL.resolve("expected_sweeps.json").toFile())
                .get(selected).get("1.0");
        waitForExact(robot, "id_clean");
        Slider slider = robot.lookup("#alphaSlider").queryAs(Slider.class);
        robot.interact(() -> slider.setValue(1.0));
        WaitForAsyncUtils.waitForFxEvents();
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String want = String.format(Locale.ROOT, "%.2f %%", 100 * e.getValue().get("top1").asDouble());
            WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> want.equals(robot.lookup("#readout-" + e.getKey())
                    .queryAs(Label.class).getText()));
            assertEquals(want, robot.lookup("#readout-" + e.getKey()).queryAs(Label.class).getText(), e.getKey());
        }
    }

    /** Waits (bounded) until the readout shows an exact value (no interval). */
    private static void waitForExact(FxRobot robot, String dataset) throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> {
            var node = robot.lookup("#readout-" + dataset).tryQueryAs(Label.class);
            return node.isPresent() && node.get().getText().endsWith("%") && !node.get().getText().contains("[");
        });
    }
}
