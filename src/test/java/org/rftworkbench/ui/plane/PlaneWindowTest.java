package org.rftworkbench.ui.plane;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.cli.Cli;
import org.rftworkbench.core.eval.PlaneResult;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;
import org.rftworkbench.figures.ExportFormat;
import org.rftworkbench.figures.LegendPosition;
import org.rftworkbench.figures.PaperPreset;
import org.rftworkbench.ui.common.ExportChoice;
import org.rftworkbench.ui.common.FxThread;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import picocli.CommandLine;

/**
 * The Plane view on the pool sample under TestFX: Fill draws the heatmap as cells arrive (a coarse picture covering
 * the plane before the fine cells), a press on the heatmap moves the point and its readouts end at the cell's exact
 * values, and the view's Export Figure writes what {@code plane --out} + {@code figures --plane} write (same CSV,
 * same pixels).
 */
@ExtendWith(ApplicationExtension.class)
class PlaneWindowTest {
    private static final Path POOL = Path.of("sample-projects/fashion-clip-pool/project.json");
    private static final String GRID = "0:1:0.25"; // 5 x 5: levels 0 (corners), 1 (the middles) and 2

    @TempDir
    static Path dir;
    private EmbeddedComputeService service;
    private PlaneViewModel model;
    private PlaneView view;
    private final List<Integer> cellsSeen = Collections.synchronizedList(new ArrayList<>());

    @Start
    void start(Stage stage) throws Exception {
        service = new EmbeddedComputeService(EmbeddedComputeService.Settings.of(dir.resolve("results"),
                dir.resolve("tensors")));
        model = new PlaneViewModel(service, FxThread.FX);
        view = new PlaneView(model, Runnable::run);
        model.planeProperty().addListener((obs, old, now) -> {
            if (now != null) {
                cellsSeen.add(now.cells().size());
            }
        });
        stage.setScene(new Scene((javafx.scene.Parent) view.root(), 1100, 700));
        stage.show();
        model.projectProperty().set(ProjectStore.load(POOL).withSelectedRun("lr5e-3"));
    }

    @AfterEach
    void close() {
        model.shutdown();
        service.close();
    }

    @Test
    void fillsLiveMovesThePointAndExportsWhatTheCliDraws(FxRobot robot) throws Exception {
        robot.interact(() -> {
            model.secondRunProperty().set("lr5e-3-aug");
            model.gridProperty().set(GRID);
            model.metricProperty().set(PlaneResult.Metric.AVG_OOD_TOP1);
        });
        robot.clickOn("#planeFill");
        WaitForAsyncUtils.waitFor(240, TimeUnit.SECONDS, () -> !model.runningProperty().get()
                && model.planeProperty().get() != null && model.planeProperty().get().isComplete());
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(view::flush);
        PlaneResult plane = model.planeProperty().get();
        assertEquals(25, plane.cells().size());
        // live: the view saw the plane grow one cell at a time, and drew partial planes over the whole grid
        assertEquals(1, (int) cellsSeen.get(0));
        assertTrue(cellsSeen.contains(4) && cellsSeen.contains(9), cellsSeen.toString());
        assertEquals(25, view.shownFigure().chart().getXYPlot().getDataset().getItemCount(0));
        assertTrue(robot.lookup("#planeStatus").queryAs(Label.class).getText().startsWith("plane done"));
        assertTrue(model.coarseSeconds() > 0);

        // press on the cell (0.5, 0.25): the readouts end at that cell's exact values
        Point2D screen = WaitForAsyncUtils.asyncFx(() -> screenPoint(0.5, 0.25)).get();
        robot.moveTo(screen).press(javafx.scene.input.MouseButton.PRIMARY)
                .release(javafx.scene.input.MouseButton.PRIMARY);
        PlaneResult.Cell cell = plane.cell(0.5, 0.25).orElseThrow();
        String want = String.format(java.util.Locale.ROOT, "%.2f %%", 100 * cell.avgOodTop1());
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> robot.lookup("#planeReadout-avg_ood").tryQueryAs(
                Label.class).map(l -> l.getText().endsWith(want)).orElse(false));
        double[] point = model.pointProperty().get();
        assertArrayEquals(new double[] {0.5, 0.25}, point, 1e-9);
        assertTrue(view.marker().isVisible());

        // the view's export equals the CLI's figure
        Path fromView = dir.resolve("view");
        ExportChoice choice = new ExportChoice(PaperPreset.SINGLE_COLUMN, EnumSet.of(ExportFormat.PNG), 150, null,
                null, null, LegendPosition.BOTTOM, false);
        var exportable = WaitForAsyncUtils.asyncFx(() -> view.exportableForTest()).get();
        choice.export(exportable, fromView);
        Path json = dir.resolve("plane.json");
        Path fromCli = dir.resolve("cli");
        String cache = "--results-dir=" + dir.resolve("results");
        String tensors = "--cache-dir=" + dir.resolve("tensors");
        assertEquals(0, cli("plane", POOL.toString(), "--b1", "lr5e-3", "--b2", "lr5e-3-aug", "--grid", GRID,
                "--out", json.toString(), cache, tensors, "-q"));
        assertEquals(0, cli("figures", POOL.toString(), "--run", "lr5e-3", "--plane", json.toString(), "--out",
                fromCli.toString(), "--format", "png", "--dpi", "150", cache, tensors));
        String name = "plane-ood-accuracy";
        assertEquals(Files.readString(fromCli.resolve(name + ".csv")), Files.readString(fromView.resolve(name + ".csv")));
        BufferedImage a = ImageIO.read(fromView.resolve(name + ".png").toFile());
        BufferedImage b = ImageIO.read(fromCli.resolve(name + ".png").toFile());
        assertEquals(b.getWidth(), a.getWidth());
        assertEquals(b.getHeight(), a.getHeight());
        int differing = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    differing++;
                }
            }
        }
        assertEquals(0, differing, "pixels that differ between the view's export and the CLI's figure");
    }

    /** Where (u, v) is on screen in the drawn heatmap. */
    private Point2D screenPoint(double u, double v) {
        var viewer = view.viewer();
        var area = viewer.getCanvas().getRenderingInfo().getPlotInfo().getDataArea();
        XYPlot plot = viewer.getChart().getXYPlot();
        double x = plot.getDomainAxis().valueToJava2D(u, area, plot.getDomainAxisEdge());
        double y = plot.getRangeAxis().valueToJava2D(v, area, plot.getRangeAxisEdge());
        return viewer.getCanvas().localToScreen(x, y);
    }

    private static int cli(String... args) {
        CommandLine cl = Cli.commandLine();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        if (code != 0) {
            throw new AssertionError(String.join(" ", args) + ": " + err);
        }
        return code;
    }
}
