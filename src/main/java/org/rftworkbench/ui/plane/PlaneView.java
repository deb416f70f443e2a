package org.rftworkbench.ui.plane;

import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.util.StringConverter;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;
import org.rftworkbench.core.eval.PlaneResult;
import org.rftworkbench.figures.Figure;
import org.rftworkbench.figures.FigureProvenance;
import org.rftworkbench.figures.FigureStyle;
import org.rftworkbench.figures.PaperPreset;
import org.rftworkbench.figures.PlaneFigure;
import org.rftworkbench.ui.common.ChartExportMenu;
import org.rftworkbench.ui.common.ExportableFigure;
import org.rftworkbench.ui.common.OncePerPulse;
import org.rftworkbench.ui.interpolation.Readout;

/**
 * The Plane screen: a heatmap of ID accuracy, average OOD accuracy or ID loss over the plane through A, B1 (the
 * selected run) and a second run B2, filling coarse to fine while the plane job runs (missing cells show their
 * nearest computed neighbour until they arrive), with contour lines, the A-B1 and A-B2 lines and the soup marked.
 * Pressing or dragging on the heatmap moves the point (u, v), whose live readouts (progressive estimates with 95%
 * intervals, then exact values) sit on the right. The chart exports as the {@code figures --plane} command draws
 * it. Binds to {@link PlaneViewModel}.
 */
public final class PlaneView {
    static final FigureStyle WINDOW_STYLE = FigureStyle.of(PaperPreset.SINGLE_COLUMN).withFontFamily("SansSerif")
            .withFontSizePt(12f);

    private final PlaneViewModel model;
    private final Executor io;
    private final BorderPane root = new BorderPane();
    private final StackPane chartStack = new StackPane();
    private final Pane overlay = new Pane();
    private final Circle marker = new Circle(7);
    private final VBox readoutBox = new VBox(4);
    private final Label pointLabel = new Label("drag on the plane to move the point");
    private final OncePerPulse redraw = new OncePerPulse(this::draw);
    private ChartViewer viewer;
    private Figure shown;

    public PlaneView(PlaneViewModel model, Executor io) {
        this.model = model;
        this.io = io;
        Label b1 = new Label();
        b1.setId("planeFirstRun");
        ComboBox<String> b2 = new ComboBox<>(model.secondRuns());
        b2.setId("planeSecondRun");
        b2.valueProperty().bindBidirectional(model.secondRunProperty());
        b2.setPrefWidth(140);
        TextField grid = new TextField();
        grid.setId("planeGrid");
        grid.textProperty().bindBidirectional(model.gridProperty());
        grid.setPrefColumnCount(10);
        ComboBox<PlaneResult.Metric> metric = new ComboBox<>();
        metric.setId("planeMetric");
        metric.getItems().setAll(PlaneResult.Metric.values());
        metric.valueProperty().bindBidirectional(model.metricProperty());
        metric.setConverter(new StringConverter<>() {
            @Override
            public String toString(PlaneResult.Metric m) {
                return m == null ? "" : m.label();
            }

            @Override
            public PlaneResult.Metric fromString(String s) {
                return null;
            }
        });
        Button fill = new Button("Fill");
        fill.setId("planeFill");
        fill.setOnAction(e -> model.fill());
        fill.disableProperty().bind(model.runningProperty().or(model.secondRunProperty().isNull()));
        Button cancel = new Button("Cancel");
        cancel.setId("planeCancel");
        cancel.setOnAction(e -> model.cancel());
        cancel.disableProperty().bind(model.runningProperty().not());
        Label status = new Label();
        status.setId("planeStatus");
        status.textProperty().bind(model.statusProperty());
        status.setMinWidth(0);
        for (javafx.scene.control.Control c : List.of(b2, grid, metric, fill, cancel)) {
            c.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox bar = new HBox(8, new Label("B1"), b1, new Label("B2"), b2, new Label("grid"), grid, metric, fill, cancel,
                status);
        bar.setAlignment(Pos.CENTER_LEFT);
        Label explain = new Label("θ(u, v) = A + u (B1 − A) + v (B2 − A): A at (0, 0), B1 at (1, 0), B2 at (0, 1), "
                + "the uniform soup of B1 and B2 at (0.5, 0.5); v = 0 is the slider's line. The plane fills coarse to "
                + "fine; every cell is cached (`rft-workbench plane` computes the same). Press or drag on the plane "
                + "for live readouts at that point.");
        explain.setWrapText(true);
        VBox top = new VBox(4, bar, explain);
        top.setPadding(new Insets(8, 12, 8, 12));
        root.setTop(top);

        // a white ring with a dark edge: visible on every viridis colour and unlike the figure's orange best ring
        marker.setFill(Color.TRANSPARENT);
        marker.setStroke(Color.WHITE);
        marker.setStrokeWidth(3);
        marker.setEffect(new javafx.scene.effect.DropShadow(3, Color.BLACK));
        marker.setVisible(false);
        marker.setManaged(false);
        marker.setMouseTransparent(true);
        overlay.getChildren().add(marker);
        overlay.setId("planeOverlay");
        overlay.setPickOnBounds(true);
        overlay.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pointAt);
        overlay.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::pointAt);
        chartStack.setId("planeChart");
        chartStack.getChildren().setAll(new Label("the plane appears here as its cells arrive"), overlay);
        ChartExportMenu.install(chartStack, ChartExportMenu.ready(this::exportable), io);

        pointLabel.setId("planePoint");
        pointLabel.setWrapText(true);
        readoutBox.setId("planeReadouts");
        VBox side = new VBox(8, pointLabel, readoutBox);
        side.setPadding(new Insets(8));
        side.setMinWidth(220);
        SplitPane split = new SplitPane(chartStack, side);
        split.setDividerPositions(0.72);
        root.setCenter(split);

        model.projectProperty().addListener((obs, old, now) -> b1.setText(model.firstRun() == null ? "—"
                : model.firstRun()));
        model.planeProperty().addListener((obs, old, now) -> redraw.request());
        model.metricProperty().addListener((obs, old, now) -> redraw.request());
        model.pointProperty().addListener((obs, old, now) -> {
            placeMarker();
            pointLabel.setText(now == null ? "drag on the plane to move the point"
                    : String.format(Locale.ROOT, "u = %.3f, v = %.3f", now[0], now[1]));
        });
        model.readouts().addListener((ListChangeListener<Readout>) c -> showReadouts());
        chartStack.widthProperty().addListener((obs, old, now) -> placeMarkerLater());
        chartStack.heightProperty().addListener((obs, old, now) -> placeMarkerLater());
    }

    public Node root() {
        return root;
    }

    /** The chart shown (null before the first cell). */
    public ChartViewer viewer() {
        return viewer;
    }

    /** The figure on screen (null before the first cell). */
    public Figure shownFigure() {
        return shown;
    }

    /** The point's marker (for tests: its centre in chart pixels, visible once a point is chosen). */
    Circle marker() {
        return marker;
    }

    /** Redraws now if a redraw is pending (tests; the pulse does it otherwise). */
    void flush() {
        redraw.runIfPending();
    }

    private void draw() {
        PlaneResult plane = model.planeProperty().get();
        if (plane == null) {
            viewer = null;
            shown = null;
            chartStack.getChildren().setAll(new Label("the plane appears here as its cells arrive"), overlay);
            marker.setVisible(false);
            return;
        }
        shown = PlaneFigure.build(plane, model.metricProperty().get(), WINDOW_STYLE, true);
        if (viewer == null) {
            viewer = new ChartViewer(shown.chart());
            viewer.setId("planeViewer");
            chartStack.getChildren().setAll(viewer, overlay);
        } else {
            viewer.setChart(shown.chart());
        }
        placeMarkerLater();
    }

    /** The point under the mouse, in (u, v), when it is inside the plot's data area. */
    private void pointAt(MouseEvent e) {
        if (e.getButton() != MouseButton.PRIMARY || viewer == null) {
            return;
        }
        ChartRenderingInfo info = viewer.getCanvas().getRenderingInfo();
        Rectangle2D area = info == null ? null : info.getPlotInfo().getDataArea();
        if (area == null || !area.contains(e.getX(), e.getY())) {
            return;
        }
        XYPlot plot = viewer.getChart().getXYPlot();
        double u = plot.getDomainAxis().java2DToValue(e.getX(), area, plot.getDomainAxisEdge());
        double v = plot.getRangeAxis().java2DToValue(e.getY(), area, plot.getRangeAxisEdge());
        model.moveTo(round(u), round(v));
        e.consume();
    }

    /** Points snap to 0.005: finer than any grid, coarse enough that a resting hand does not start new jobs. */
    private static double round(double x) {
        return Math.round(x * 200) / 200.0;
    }

    private void placeMarkerLater() {
        javafx.application.Platform.runLater(this::placeMarker);
    }

    private void placeMarker() {
        double[] p = model.pointProperty().get();
        ChartRenderingInfo info = viewer == null ? null : viewer.getCanvas().getRenderingInfo();
        Rectangle2D area = info == null ? null : info.getPlotInfo().getDataArea();
        if (p == null || area == null || area.isEmpty()) {
            marker.setVisible(false);
            return;
        }
        XYPlot plot = viewer.getChart().getXYPlot();
        marker.setCenterX(plot.getDomainAxis().valueToJava2D(p[0], area, plot.getDomainAxisEdge()));
        marker.setCenterY(plot.getRangeAxis().valueToJava2D(p[1], area, plot.getRangeAxisEdge()));
        marker.setVisible(true);
    }

    private void showReadouts() {
        readoutBox.getChildren().clear();
        for (Readout r : model.readouts()) {
            Label l = new Label(("avg_ood".equals(r.dataset()) ? "average OOD" : r.dataset()) + ": " + r.text());
            l.setId("planeReadout-" + r.dataset());
            if ("avg".equals(r.role())) {
                l.setStyle("-fx-font-weight: bold;");
            }
            readoutBox.getChildren().add(l);
        }
    }

    /** What Export Figure writes now (tests). */
    ExportableFigure exportableForTest() {
        return exportable();
    }

    private ExportableFigure exportable() {
        PlaneResult plane = model.planeProperty().get();
        if (plane == null) {
            return null;
        }
        PlaneResult.Metric metric = model.metricProperty().get();
        PlaneResult portable = plane.withPortablePaths();
        return new ExportableFigure(PlaneFigure.name(metric), style -> PlaneFigure.build(portable, metric, style),
                FigureProvenance.of(plane).withPortablePaths());
    }
}
