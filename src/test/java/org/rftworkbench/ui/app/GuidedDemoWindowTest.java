package org.rftworkbench.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.project.DemoScript;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Walks the WiSE-FT sample's guided demo ({@code demo.json}) in the real window, started with F5 and moved with the
 * presenter's keys: at every step the selected view, the slider's alpha, Play and the caption are the step's; Left
 * goes back, Right at the last step stays there, Esc ends the demo and removes its bar.
 */
@ExtendWith(ApplicationExtension.class)
class GuidedDemoWindowTest {
    private static final Path SAMPLE = Path.of("sample-projects/fashion-clip-wiseft/project.json");
    @TempDir
    static Path cache;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        EmbeddedComputeService service = new EmbeddedComputeService(EmbeddedComputeService.Settings.of(
                cache.resolve("results"), cache.resolve("tensors")));
        window = new MainWindow(stage, service, UserSettings.defaults().withTheme(false, true).withWindow(1200, 760),
                cache.resolve("settings.json"));
        stage.show();
        window.openProject(SAMPLE);
    }

    @AfterEach
    void close() {
        window.shutdown();
    }

    @Test
    void theSampleDemoWalksFromFirstToLastStep(FxRobot robot) throws Exception {
        DemoScript script = DemoScript.load(DemoScript.fileFor(SAMPLE));
        assertTrue(script.steps().size() >= 5, "the sample's demo tells the story in several steps");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> window.interpolation().projectProperty().get() != null);
        Slider slider = robot.lookup("#alphaSlider").queryAs(Slider.class);
        robot.clickOn("#accuracyChart"); // focus somewhere that is not a text field
        robot.type(KeyCode.F5);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.demo() != null);
        double alpha = slider.getValue();
        for (int i = 0; i < script.steps().size(); i++) {
            if (i > 0) {
                robot.type(i % 2 == 0 ? KeyCode.RIGHT : KeyCode.PAGE_DOWN);
            }
            WaitForAsyncUtils.waitForFxEvents();
            DemoScript.Step step = script.steps().get(i);
            String where = "step " + (i + 1);
            assertEquals(i, window.demo().indexProperty().get(), where);
            assertEquals(step.view().scriptName() + "Tab", selectedTab(robot), where);
            assertEquals(step.caption(), robot.lookup("#demoCaption").queryAs(Label.class).getText(), where);
            assertEquals(script.title() + " · step " + (i + 1) + " of " + script.steps().size(),
                    robot.lookup("#demoPosition").queryAs(Label.class).getText(), where);
            assertEquals(step.play(), window.interpolationView().playing(), where + ": Play");
            if (step.alpha() != null) {
                alpha = step.alpha();
            }
            if (!step.play()) {
                assertEquals(alpha, slider.getValue(), 1e-9, where + ": alpha");
            }
        }
        int last = script.steps().size() - 1;
        robot.type(KeyCode.RIGHT);
        assertEquals(last, window.demo().indexProperty().get(), "Right at the last step stays there");
        robot.type(KeyCode.LEFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(last - 1, window.demo().indexProperty().get(), "Left goes back");
        assertEquals(script.steps().get(last - 1).caption(),
                robot.lookup("#demoCaption").queryAs(Label.class).getText());
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertNull(window.demo(), "Esc ends the demo");
        assertTrue(robot.lookup("#demoBar").tryQuery().isEmpty(), "the caption bar is gone");
        assertFalse(window.interpolationView().playing());
    }

    private static String selectedTab(FxRobot robot) {
        return robot.lookup("#mainTabs").queryAs(TabPane.class).getSelectionModel().getSelectedItem().getId();
    }
}
