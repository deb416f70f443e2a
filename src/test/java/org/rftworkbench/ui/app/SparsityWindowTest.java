package org.rftworkbench.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Spinner;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;
import org.rftworkbench.testutil.TinyProject;
import org.rftworkbench.ui.sparsity.MetricRow;
import org.rftworkbench.ui.sparsity.SparsityOutcome;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real sparsity tab with the embedded service on the tiny project (headless Monocle): the stragglers arrive and
 * are ticked, Apply fills the chart and the metrics table, a second Apply at another ratio can be undone.
 */
@ExtendWith(ApplicationExtension.class)
class SparsityWindowTest {
    @TempDir
    static Path dir;
    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        Path project = TinyProject.create(dir.resolve("tiny"));
        EmbeddedComputeService service =
                new EmbeddedComputeService(
                        EmbeddedComputeService.Settings.of(dir.resolve("results"),
                                dir.resolve("tensors")));
        window = new MainWindow(stage, service, UserSettings.defaults(), dir.resolve("settings.json"));
        stage.show();
        window.openProject(project);
    }

    @AfterEach
    void close() {
        window.shutdown();
    }

    @Test
    void applyFillsChartAndTableAndUndoReturnsToTheFirstRatio(FxRobot robot) throws Exception {
        // the same FX-thread discipline as FxThreadDisciplineTest, while this view computes
        org.rftworkbench.ui.testing.FxThreadGuard guard = org.rftworkbench.ui.testing.FxThreadGuard.start();
        try (guard) {
            TabPane tabs = robot.lookup("#mainTabs").queryAs(TabPane.class);
            robot.interact(() -> tabs.getSelectionModel().select(tabs.getTabs().stream()
                    .filter(t -> "sparsityTab".equals(t.getId())).findFirst().orElseThrow()));
            Button apply = robot.lookup("#sparsityApply").queryButton();
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !apply.isDisabled());
            List<String> ticked = window.sparsity().currentSettings().groups();
            assertEquals(2, ticked.size(), "the top-2 stragglers are preselected: " + ticked);

            @SuppressWarnings("unchecked")
            Spinner<Double> ratio = robot.lookup("#sparsityRatio").queryAs(Spinner.class);
            robot.interact(() -> ratio.getValueFactory().setValue(0.3));
            robot.clickOn(apply);
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> window.sparsity().outcomeProperty().get() != null);
            WaitForAsyncUtils.waitForFxEvents();
            SparsityOutcome first = window.sparsity().outcomeProperty().get();
            assertEquals(0.3, first.settings().ratio(), 1e-12);
            @SuppressWarnings("unchecked")
            TableView<MetricRow> table = robot.lookup("#sparsityMetrics").queryAs(TableView.class);
            assertFalse(table.getItems().isEmpty());
            assertTrue(table.getItems().stream().anyMatch(r -> r.metric().startsWith("G_zs")));

            robot.interact(() -> window.sparsity().ratioProperty().set(0.8));
            robot.clickOn(apply);
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> window.sparsity().outcomeProperty().get() != first);
            Button undo = robot.lookup("#sparsityUndo").queryButton();
            WaitForAsyncUtils.waitForFxEvents();
            assertFalse(undo.isDisabled());
            robot.clickOn(undo);
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(window.sparsity().outcomeProperty().get() == first, "undo shows the first result again");
            assertEquals(0.3, (Double) robot.lookup("#sparsityRatio").queryAs(Spinner.class).getValue(), 1e-9);
        }
        assertEquals(List.of(), guard.violations(), guard.report());
    }
}
