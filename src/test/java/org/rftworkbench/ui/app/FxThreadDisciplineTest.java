package org.rftworkbench.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.ForwardingComputeService;
import org.rftworkbench.core.service.ServiceInfo;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;
import org.rftworkbench.ui.testing.FxThreadGuard;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The FX thread never touches a file and never calls DJL while a user works with the real window on the bundled
 * sample (headless Monocle, embedded service, cold caches so the background precompute runs meanwhile): opening the
 * project, dragging the slider and setting many values, keyboard and text-field steps, flip and extrapolation,
 * play, the theme and presentation switches (which save settings), and reopening from the Recent menu. New views
 * belong in this walk as they appear.
 */
@ExtendWith(ApplicationExtension.class)
class FxThreadDisciplineTest {
    private static final Path SAMPLE = Path.of("sample-projects/fashion-clip-wiseft/project.json");
    @TempDir
    static Path cache;
    private static EmbeddedComputeService service;
    private static FxThreadGuard guard;
    private MainWindow window;

    @BeforeAll
    static void startServiceAndGuard() throws Exception {
        // as in WorkbenchApp.init(): the engine starts off the FX thread, before the window exists
        service = new EmbeddedComputeService(EmbeddedComputeService.Settings.of(cache.resolve("results"),
                cache.resolve("tensors")));
        FxToolkit.registerPrimaryStage();
        guard = FxThreadGuard.start();
    }

    @AfterAll
    static void stopGuardAndService() {
        if (guard != null) {
            guard.stop();
        }
        if (service != null) {
            service.close(); // waits for the device thread, so nothing writes into the cache while it is deleted
        }
    }

    @Start
    void start(Stage stage) {
        // smaller than Monocle's 1280x800 headless screen, whose painter overflows on a larger window
        window = new MainWindow(stage, new InfoOffFxService(service), UserSettings.defaults().withWindow(1200, 760), cache.resolve("settings.json"));
        stage.show();
        window.openProject(SAMPLE);
    }

    @Test
    void aSessionWithTheWindowDoesNoFileIoAndNoDjlOnTheFxThread(FxRobot robot) throws Exception {
        long t0 = System.nanoTime();
        waitForExact(robot, "id_clean");
        phase("open", t0);
        Slider slider = robot.lookup("#alphaSlider").queryAs(Slider.class);

        robot.drag(robot.lookup("#alphaSlider .thumb").queryAs(javafx.scene.Node.class)).moveBy(-120, 0).drop();
        for (int i = 0; i <= 40; i++) { // a fast drag at ~60 Hz: each value starts (and supersedes) a preview
            double value = i % 2 == 0 ? i / 40.0 : 1 - i / 40.0;
            Platform.runLater(() -> slider.setValue(value));
            Thread.sleep(16);
        }
        WaitForAsyncUtils.waitForFxEvents();
        phase("drag", t0);

        robot.clickOn(slider);
        robot.type(KeyCode.RIGHT, 2);
        robot.press(KeyCode.SHIFT).type(KeyCode.LEFT).release(KeyCode.SHIFT);
        robot.doubleClickOn("#alphaField").write("0.6").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0.6, slider.getValue(), 1e-9);

        robot.clickOn(robot.lookup("#flipToggle").queryAs(CheckBox.class));
        robot.clickOn(robot.lookup("#extrapolationToggle").queryAs(CheckBox.class));
        robot.interact(() -> slider.setValue(1.3));
        robot.clickOn(robot.lookup("#extrapolationToggle").queryAs(CheckBox.class));
        robot.clickOn(robot.lookup("#flipToggle").queryAs(CheckBox.class));

        phase("keys and toggles", t0);
        robot.clickOn("#playButton");
        Thread.sleep(1200);
        robot.clickOn("#playButton");

        phase("play", t0);
        robot.clickOn("View").clickOn("Dark theme");
        robot.clickOn("View").clickOn("Presentation mode");
        robot.clickOn("File").clickOn("Open Recent").clickOn(SAMPLE.toAbsolutePath().toString());
        waitForExact(robot, "id_clean");
        waitForExact(robot, "avg_ood");
        WaitForAsyncUtils.waitForFxEvents();
        phase("menus and reopen", t0);

        assertEquals(List.of(), InfoOffFxService.CALLS_ON_FX, "service calls that may block ran on the FX thread");
        List<?> violations = guard.violations();
        assertTrue(guard.samples() > 100, "the sampler only took " + guard.samples() + " samples");
        assertEquals(List.of(), violations, guard.report());
    }

    /**
     * Records when {@code info()} or {@code close()} run on the FX thread: the embedded service answers info() from the
     * DJL engine (a call too short for the sampler to see reliably) and close() waits for the device threads.
     * Submitting previews and sweeps is meant to happen on the FX thread (they only enqueue).
     */
    private static final class InfoOffFxService extends ForwardingComputeService {
        static final List<String> CALLS_ON_FX = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final ComputeService delegate;

        InfoOffFxService(ComputeService delegate) {
            this.delegate = delegate;
        }

        @Override
        protected ComputeService delegate() {
            return delegate;
        }

        @Override
        public ServiceInfo info() {
            if (Platform.isFxApplicationThread()) {
                CALLS_ON_FX.add("info()");
            }
            return super.info();
        }

        @Override
        public void close() {
            if (Platform.isFxApplicationThread()) {
                CALLS_ON_FX.add("close()");
            }
            super.close();
        }
    }

    private static void phase(String name, long t0) {
        System.out.printf("phase %s done at %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
    }

    /** Waits (bounded) until the readout shows an exact value (no interval). */
    private static void waitForExact(FxRobot robot, String dataset) throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> {
            var node = robot.lookup("#readout-" + dataset).tryQueryAs(Label.class);
            if (node.isEmpty()) {
                return false;
            }
            // presentation mode shows a compact value; its tooltip has the full text
            String text = node.get().getTooltip() != null ? node.get().getTooltip().getText() : node.get().getText();
            return text.endsWith("%") && !text.contains("[");
        });
    }
}
