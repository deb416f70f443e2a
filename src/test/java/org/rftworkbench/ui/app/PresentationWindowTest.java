package org.rftworkbench.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Rectangle2D;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.entity.ChartEntity;
import org.jfree.chart.entity.XYAnnotationEntity;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Presentation mode on the bundled sample, at window sizes from 1024 x 768 up (the headless screen is 1280 x 800):
 * the accuracy chart takes at least half the window, its tick labels are at least as large as the menu text, every
 * chart text annotation (endpoint labels, the best-of-both label) lies inside its plot's data area, and no readout
 * is cut short; the sparsity chart uses the slide text size too. Leaving presentation mode restores the desktop
 * layout and fonts.
 */
@ExtendWith(ApplicationExtension.class)
class PresentationWindowTest {
    private static final Path SAMPLE = Path.of("sample-projects/fashion-clip-wiseft/project.json");
    private static final double[][] SIZES = {{1024, 768}, {1152, 720}, {1280, 720}, {1280, 800}};
    @TempDir
    static Path cache;
    private MainWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        EmbeddedComputeService service = new EmbeddedComputeService(EmbeddedComputeService.Settings.of(
                cache.resolve("results"), cache.resolve("tensors")));
        window = new MainWindow(stage, service, UserSettings.defaults().withTheme(false, true).withWindow(1024, 768),
                cache.resolve("settings.json"));
        stage.show();
        window.openProject(SAMPLE);
    }

    @AfterEach
    void close() {
        window.shutdown();
    }

    @Test
    void chartsAreTheStageAndNoLabelIsClippedAtAnySize(FxRobot robot) throws Exception {
        ChartViewer accuracy = robot.lookup("#accuracyChart").queryAs(ChartViewer.class);
        ChartViewer robustness = robot.lookup("#robustnessChart").queryAs(ChartViewer.class);
        // the whole grid (11 alphas) is on the chart, with both endpoints labelled on the robustness chart
        WaitForAsyncUtils.waitFor(240, TimeUnit.SECONDS, () -> {
            XYSeriesCollection data = (XYSeriesCollection) accuracy.getChart().getXYPlot().getDataset();
            return data.getSeriesCount() == 7 && data.getSeries(6).getItemCount() == 11
                    && robustness.getChart().getXYPlot().getAnnotations().size() == 3; // A, B, y = x
        });
        robot.interact(() -> {
            window.interpolationView().setDisplayedAlpha(0.3);
            window.interpolationView().setHighlights(Set.of("best-of-both"));
        });
        double menuTextPx = robot.lookup(".menu-bar .label").queryAs(Label.class).getFont().getSize();
        assertEquals(20, menuTextPx, 0.01, "presentation mode's menu text");

        for (double[] size : SIZES) {
            String at = (int) size[0] + "x" + (int) size[1];
            robot.interact(() -> {
                stage.setWidth(size[0]);
                stage.setHeight(size[1]);
            });
            WaitForAsyncUtils.waitForFxEvents();
            robot.interact(() -> {
                accuracy.getCanvas().draw();
                robustness.getCanvas().draw();
            });

            Bounds chart = accuracy.localToScene(accuracy.getLayoutBounds());
            double windowArea = stage.getScene().getWidth() * stage.getScene().getHeight();
            double share = chart.getWidth() * chart.getHeight() / windowArea;
            System.out.printf(java.util.Locale.ROOT, "%s: accuracy chart %.0f x %.0f = %.1f %% of the window%n", at,
                    chart.getWidth(), chart.getHeight(), 100 * share);
            assertTrue(share >= 0.5, at + ": the accuracy chart has " + share + " of the window");

            for (ChartViewer viewer : List.of(accuracy, robustness)) {
                JFreeChart c = viewer.getChart();
                for (ValueAxis axis : List.of(c.getXYPlot().getDomainAxis(), c.getXYPlot().getRangeAxis())) {
                    assertTrue(axis.getTickLabelFont().getSize2D() >= menuTextPx, at + ": tick labels of "
                            + viewer.getId() + " are " + axis.getTickLabelFont().getSize2D() + " px");
                }
                List<String> outside = annotationsOutsideDataArea(viewer);
                assertEquals(List.of(), outside, at + ": annotations outside the plot of " + viewer.getId());
            }
            assertEquals(3, annotationCount(accuracy) + annotationCount(robustness) - 0,
                    at + ": best of both, A and B are drawn");
            javafx.scene.layout.Region readouts = robot.lookup("#readouts").queryAs(javafx.scene.layout.Region.class);
            Bounds grid = readouts.localToScene(readouts.getLayoutBounds());
            assertTrue(grid.getMaxX() <= stage.getScene().getWidth() + 0.5 && readouts.getWidth()
                    >= readouts.prefWidth(-1) - 0.5, at + ": the readouts need " + readouts.prefWidth(-1)
                    + " px, have " + readouts.getWidth() + " px ending at " + grid.getMaxX());
            for (Node node : robot.lookup("#readouts .label").queryAll()) {
                Label label = (Label) node;
                Text shown = (Text) label.lookup(".text");
                if (shown != null && !label.getText().isEmpty()) {
                    assertEquals(label.getText(), shown.getText(), at + ": readout cut short");
                }
            }
        }

        ChartViewer sparsityChart = robot.lookup("#sparsityChart").queryAs(ChartViewer.class);
        assertTrue(sparsityChart.getChart().getXYPlot().getDomainAxis().getTickLabelFont().getSize2D() >= menuTextPx,
                "the sparsity chart presents too");
        robot.interact(() -> window.interpolationView().setPresentation(false));
        robot.interact(() -> accuracy.getCanvas().draw());
        assertFalse(window.interpolationView().presentation());
        assertEquals(12, accuracy.getChart().getXYPlot().getDomainAxis().getTickLabelFont().getSize2D(), 0.01,
                "desktop tick labels are the chart theme's 12 px again");
    }

    /** Drawn text annotations (they carry a tooltip, so the drawing records their bounds). */
    private static int annotationCount(ChartViewer viewer) {
        int n = 0;
        for (Object e : viewer.getCanvas().getRenderingInfo().getEntityCollection().getEntities()) {
            if (e instanceof XYAnnotationEntity) {
                n++;
            }
        }
        return n;
    }

    private static List<String> annotationsOutsideDataArea(ChartViewer viewer) {
        ChartRenderingInfo info = viewer.getCanvas().getRenderingInfo();
        Rectangle2D area = info.getPlotInfo().getDataArea();
        Rectangle2D inside = new Rectangle2D.Double(area.getX() - 0.5, area.getY() - 0.5, area.getWidth() + 1,
                area.getHeight() + 1);
        List<String> outside = new ArrayList<>();
        for (Object o : info.getEntityCollection().getEntities()) {
            ChartEntity e = (ChartEntity) o;
            if (e instanceof XYAnnotationEntity && !inside.contains(e.getArea().getBounds2D())) {
                outside.add(e.getToolTipText() + " at " + e.getArea().getBounds2D() + " (data area " + area + ")");
            }
        }
        return outside;
    }
}
