package org.rftworkbench.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.DialogPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.testutil.FakeComputeService;
import org.rftworkbench.testutil.TinyProject;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Opening a project whose fine-tuned checkpoint is not a checkpoint shows the error dialog naming that file, with
 * the details and copy button, and no job is started for it (headless Monocle).
 */
@ExtendWith(ApplicationExtension.class)
class BadCheckpointWindowTest {
    @TempDir
    static Path dir;
    private MainWindow window;
    private final FakeComputeService service = new FakeComputeService();

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, service, UserSettings.defaults(), dir.resolve("settings.json"));
        stage.show();
    }

    @AfterEach
    void close() {
        window.shutdown();
    }

    @Test
    void badCheckpointShowsTheErrorDialogNamingTheFile(FxRobot robot) throws Exception {
        Path project = TinyProject.create(dir.resolve("broken"));
        Files.writeString(dir.resolve("broken/b.safetensors"), "this is not a checkpoint");
        robot.interact(() -> window.openProject(project));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#errorDialog").tryQuery().isPresent());
        DialogPane pane = robot.lookup("#errorDialog").queryAs(DialogPane.class);
        assertTrue(pane.getContentText().contains("b.safetensors"), pane.getContentText());
        assertEquals("Cannot open project", pane.getHeaderText());
        assertTrue(pane.getExpandableContent().lookup("#copyDetails") != null, "details with a copy button");
        assertTrue(service.previews.isEmpty() && service.sweeps.isEmpty(), "nothing computed for a broken project");
        assertNull(window.interpolation().projectProperty().get(), "the broken project was not opened");
    }
}
