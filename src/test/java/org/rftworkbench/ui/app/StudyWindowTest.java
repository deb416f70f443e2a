package org.rftworkbench.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;
import org.rftworkbench.core.study.PairRow;
import org.rftworkbench.testutil.TinyPool;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Study tab with the embedded service on the tiny five-run pool (headless Monocle): Run study lists every run
 * with its numbers, the scatter appears, clicking a column header sorts the runs, and selecting a run makes it the
 * pair of the Interpolation view (its curves become that run's path).
 */
@ExtendWith(ApplicationExtension.class)
class StudyWindowTest {
    @TempDir
    static Path dir;
    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        Path pool = TinyPool.create(dir.resolve("pool"));
        EmbeddedComputeService service = new EmbeddedComputeService(EmbeddedComputeService.Settings.of(
                dir.resolve("results"), dir.resolve("tensors")));
        // smaller than Monocle's 1280x800 headless screen, whose painter fails ("newPosition > limit") on anything
        // drawn past its edge (it was the study's stacked job notices: InfoNotice.MAX_STACKED)
        window = new MainWindow(stage, service, UserSettings.defaults().withWindow(1200, 760),
                dir.resolve("settings.json"));
        stage.show();
        window.openProject(pool);
    }

    @AfterEach
    void close() {
        window.shutdown();
    }

    @Test
    void runsAreListedSortableAndSelectingOneSwitchesThePair(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.study().projectProperty().get() != null);
        TabPane tabs = robot.lookup("#mainTabs").queryAs(TabPane.class);
        robot.interact(() -> {
            tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> "studyTab".equals(t.getId()))
                    .findFirst().orElseThrow());
            window.study().examplesProperty().set(16); // the tiny sets hold 40 images
            window.study().stepsProperty().set(2);
        });
        Button run = robot.lookup("#studyRun").queryButton();
        robot.clickOn(run);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> window.study().resultProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        TableView<PairRow> table = robot.lookup("#studyTable").queryAs(TableView.class);
        assertEquals(List.of("k0.5", "b", "k1.5", "k2", "k3"), table.getItems().stream().map(PairRow::run).toList());
        assertNotNull(robot.lookup("#studyScatter").tryQuery().orElse(null), "the cross-pair scatter is shown");
        assertEquals(5, robot.lookup(n -> n.getId() != null && n.getId().startsWith("studyPath-")).queryAll().size());

        // sort by G_zs: click its header (descending on the second click)
        @SuppressWarnings("unchecked")
        TableColumn<PairRow, Double> gzs = (TableColumn<PairRow, Double>) table.getColumns().stream()
                .filter(c -> c.getText().equals("G_zs (pts)")).findFirst().orElseThrow();
        Node header = robot.lookup(".column-header").match(n -> n instanceof TableColumnHeader h
                && h.getTableColumn() == gzs).query();
        robot.clickOn(header);
        WaitForAsyncUtils.waitForFxEvents();
        List<Double> ascending = table.getItems().stream().map(r -> Math.round(r.gainOverZeroShot() * 1e4) / 100.0)
                .toList();
        assertEquals(ascending.stream().sorted().toList(), ascending, "ascending G_zs after one click");
        robot.clickOn(header);
        WaitForAsyncUtils.waitForFxEvents();
        List<Double> descending = table.getItems().stream().map(r -> Math.round(r.gainOverZeroShot() * 1e4) / 100.0)
                .toList();
        assertEquals(descending.stream().sorted(java.util.Comparator.reverseOrder()).toList(), descending);

        // select k2: the Interpolation view's curves become k2's path
        PairRow k2 = table.getItems().stream().filter(r -> r.run().equals("k2")).findFirst().orElseThrow();
        PairRow b = table.getItems().stream().filter(r -> r.run().equals("b")).findFirst().orElseThrow();
        assertNotEquals(b.path(), k2.path(), "the two runs differ, so the switch is visible");
        robot.interact(() -> table.getSelectionModel().select(k2));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> "k2".equals(
                window.interpolation().projectProperty().get().spec().selectedRun()));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> curvesCover(k2));
        Map<String, TreeMap<Double, Double>> curves = window.interpolation().curvesProperty().get();
        for (PairRow.PathPoint p : k2.path()) {
            assertEquals(p.id(), curves.get("id").get(p.alpha()), 1e-12, "ID top-1 at alpha " + p.alpha());
        }
        assertEquals("k2", window.study().selectedRun());
        assertTrue(table.getItems().size() == 5 && window.study().resultProperty().get() != null,
                "selecting a run keeps the study");
    }

    private boolean curvesCover(PairRow row) {
        Map<String, TreeMap<Double, Double>> curves = window.interpolation().curvesProperty().get();
        if (curves == null || curves.get("id") == null) {
            return false;
        }
        return row.path().stream().allMatch(p -> curves.get("id").containsKey(p.alpha()));
    }
}
