package org.rftworkbench.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.layers.LayerInstability;
import org.rftworkbench.core.model.Models;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;
import org.rftworkbench.core.session.InterpolationWorkspace;
import org.rftworkbench.core.util.Progress;
import org.rftworkbench.figures.LayerHeatmapFigure;
import org.rftworkbench.ui.layers.LayerMeasure;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window on the sample project with the embedded service (headless Monocle): the Layers tab computes the
 * layer-wise instability and draws a heatmap with exactly one row per block-level layer group of the model, in
 * network order, with the stragglers marked; cancelling a running sharpness job from the jobs panel leaves the
 * window usable. The project is the sample with the coarsest alpha grid the analysis accepts (0, 0.5, 1) so the
 * analysis takes seconds.
 */
@ExtendWith(ApplicationExtension.class)
class LayersWindowTest {
    private static final Path SAMPLE = Path.of("sample-projects/fashion-clip-wiseft/project.json");
    private static final Set<String> PATH_FIELDS = Set.of("config", "path", "classesFile", "images", "labels");
    @TempDir
    static Path cache;
    private MainWindow window;
    private Path project;

    @Start
    void start(Stage stage) throws Exception {
        project = coarseSample(cache.resolve("project.json"));
        EmbeddedComputeService service = new EmbeddedComputeService(EmbeddedComputeService.Settings.of(
                cache.resolve("results"), cache.resolve("tensors")));
        window = new MainWindow(stage, service, UserSettings.defaults().withWindow(1000, 700),
                cache.resolve("settings.json"));
        stage.show();
        window.openProject(project);
    }

    @AfterEach
    void close() {
        window.shutdown();
    }

    @Test
    void theInstabilityHeatmapHasOneRowPerLayerGroupInNetworkOrder(FxRobot robot) throws Exception {
        // the same FX-thread discipline as FxThreadDisciplineTest, while this view computes
        org.rftworkbench.ui.testing.FxThreadGuard guard = org.rftworkbench.ui.testing.FxThreadGuard.start();
        try (guard) {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.layers().projectProperty().get() != null);
            // the interpolation view's preview and background grid are not under test: keep the device for the layers
            robot.interact(() -> window.interpolation().cancelAll());
            TabPane tabs = robot.lookup("#mainTabs").queryAs(TabPane.class);
            robot.interact(() -> tabs.getSelectionModel().select(1));
            robot.clickOn("Layers");
            @SuppressWarnings("unchecked")
            ChoiceBox<LayerMeasure> measure = robot.lookup("#layersMeasure").queryAs(ChoiceBox.class);
            robot.interact(() -> measure.setValue(LayerMeasure.INSTABILITY));
            robot.clickOn("#layersCompute");
            try {
                WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> window.layers().heatmapProperty().get() != null
                        || window.layers().statusProperty().get().contains("failed"));
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("no heatmap; status: " + window.layers().statusProperty().get() + "; jobs: "
                        + window.jobs().rows(), e);
            }
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(window.layers().heatmapProperty().get() != null, window.layers().statusProperty().get());

            List<String> expected = List.copyOf(blockGroups());
            LayerHeatmapFigure.Data data = window.layers().heatmapProperty().get();
            assertEquals(expected, data.rows(), "one row per block-level group, network order");
            assertEquals(3, data.alphas().length);
            assertEquals(2, data.stragglers().size(), "top-2 by instability are marked");

            ChartViewer viewer = robot.lookup("#layersHeatmap").queryAs(ChartViewer.class);
            JFreeChart chart = viewer.getChart();
            XYPlot plot = chart.getXYPlot();
            SymbolAxis rows = (SymbolAxis) plot.getRangeAxis();
            assertEquals(expected.size(), rows.getSymbols().length, "the drawn chart has one row per group");
            assertEquals(expected.size() * 3, plot.getDataset().getItemCount(0));
            long starred = java.util.Arrays.stream(rows.getSymbols()).filter(s -> s.startsWith("* ")).count();
            assertEquals(2, starred);
            assertTrue(window.jobs().rows().size() >= 1, "the job went through the tracked service");
        }
        assertEquals(List.of(), guard.violations(), guard.report());
    }

    @Test
    void cancellingARunningSharpnessJobLeavesTheWindowUsable(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.layers().projectProperty().get() != null);
        robot.interact(() -> window.interpolation().cancelAll());
        robot.clickOn("Layers");
        robot.clickOn("#layersCompute"); // default measure: layer-wise sharpness (30 cells on this grid)
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> sharpnessRow(window) != null
                && sharpnessRow(window).statusProperty().get().equals("running"));
        org.rftworkbench.ui.jobs.JobRow row = sharpnessRow(window);
        robot.clickOn("#cancel-" + row.handle().id()); // the row's Cancel button in the jobs panel
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> row.statusProperty().get().equals("cancelled"));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("status " + row.statusProperty().get() + "; jobs " + window.jobs().rows()
                    + "; layers: " + window.layers().statusProperty().get(), e);
        }
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !window.layers().computingProperty().get());

        // still usable: another analysis runs to the end, and the slider still gets previews answered
        @SuppressWarnings("unchecked")
        ChoiceBox<LayerMeasure> measure = robot.lookup("#layersMeasure").queryAs(ChoiceBox.class);
        robot.interact(() -> measure.setValue(LayerMeasure.INSTABILITY));
        robot.clickOn("#layersCompute");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> window.layers().heatmapProperty().get() != null
                && window.layers().heatmapProperty().get().rows().size() == blockGroups().size());
        robot.clickOn("Interpolation");
        robot.interact(() -> window.interpolation().alphaProperty().set(0.25));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> window.interpolation().readouts().stream()
                .allMatch(r -> r.estimate() != null));
    }

    private static org.rftworkbench.ui.jobs.JobRow sharpnessRow(MainWindow window) {
        return window.jobs().rows().stream().filter(r -> r.description().startsWith("sharpness")).findFirst()
                .orElse(null);
    }

    /** The sample project with absolute paths and the alpha grid 0, 0.5, 1, written to {@code target}. */
    private static Path coarseSample(Path target) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode root = json.readTree(SAMPLE.toFile());
        absolutize(root, SAMPLE.toAbsolutePath().getParent());
        ObjectNode grid = ((ObjectNode) root).putObject("alphaGrid");
        grid.put("start", 0.0);
        grid.put("stop", 1.0);
        grid.put("step", 0.5);
        Files.createDirectories(target.getParent());
        json.writerWithDefaultPrettyPrinter().writeValue(target.toFile(), root);
        return target;
    }

    private static void absolutize(JsonNode node, Path dir) {
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(name -> {
                JsonNode child = object.get(name);
                if (child.isTextual() && PATH_FIELDS.contains(name)) {
                    object.put(name, dir.resolve(child.asText()).toString());
                } else {
                    absolutize(child, dir);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> absolutize(child, dir));
        }
    }

    private List<String> blockGroups() throws Exception {
        Models.prepareComputeThread();
        try (InterpolationWorkspace ws = InterpolationWorkspace.open(ProjectStore.load(project), List.of(),
                cache.resolve("tensors"), Progress.NONE)) {
            return List.copyOf(LayerInstability.blockGroups(ws.interpolator()).keySet());
        }
    }
}
