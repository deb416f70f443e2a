package org.rftworkbench.ui.layers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.entity.XYItemEntity;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.fx.interaction.ChartMouseEventFX;
import org.jfree.chart.fx.interaction.ChartMouseListenerFX;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.XYZDataset;
import org.rftworkbench.core.sharpness.SharpnessSettings;
import org.rftworkbench.figures.FigureProvenance;
import org.rftworkbench.figures.LayerHeatmapFigure;
import org.rftworkbench.ui.common.ChartExportMenu;
import org.rftworkbench.ui.common.ExportableFigure;

/**
 * The Layers screen: measure and sharpness-settings controls with Compute/Cancel and the cost, the layer x alpha
 * heatmap under the overall sharpness curve (exact value on hover, stragglers starred and outlined), and a side
 * panel with the clicked layer's curves over alpha and weight statistics. Binds widgets to {@link LayersViewModel};
 * holds no state of its own.
 */
public final class LayersView {
    private final LayersViewModel model;
    private final BorderPane root = new BorderPane();
    private final ChartViewer heatmapViewer = new ChartViewer(null);
    private final Label placeholder = new Label("Choose a measure and press Compute.");
    private final ComboBox<String> detailGroup = new ComboBox<>();
    private final Label detailFacts = new Label();
    private final ChartViewer detailSharpness = new ChartViewer(null);
    private final ChartViewer detailPath = new ChartViewer(null);

    /**
     * @param model the view model
     * @param io    executor that builds and writes exported figures (the chart's context menu)
     */
    public LayersView(LayersViewModel model, java.util.concurrent.Executor io) {
        this(model, io, null);
    }

    /**
     * @param search the per-layer mixing panel's model (null = no panel)
     */
    public LayersView(LayersViewModel model, java.util.concurrent.Executor io, LayerSearchViewModel search) {
        this.model = model;
        if (search != null) {
            root.setBottom(LayerSearchPanel.of(search));
        }
        ChartExportMenu.install(heatmapViewer, ChartExportMenu.ready(this::exportable), io);
        root.setTop(controls());
        heatmapViewer.setId("layersHeatmap");
        heatmapViewer.addChartMouseListener(new RowClicks());
        StackPane chartArea = new StackPane(heatmapViewer, placeholder);
        placeholder.setId("layersPlaceholder");
        placeholder.setStyle("-fx-font-size: 1.2em; -fx-text-fill: #666;");
        SplitPane split = new SplitPane(chartArea, detailPanel());
        split.setDividerPositions(0.7);
        root.setCenter(split);
        model.heatmapProperty().addListener((obs, old, now) -> redraw());
        model.overallSharpnessProperty().addListener((obs, old, now) -> redraw());
        model.detailProperty().addListener((obs, old, now) -> showDetail(now));
        redraw();
        showDetail(model.detailProperty().get());
    }

    public Node root() {
        return root;
    }

    /** The heatmap chart node (for the export menu and image copy). */
    public ChartViewer heatmapViewer() {
        return heatmapViewer;
    }

    /** The heatmap alone as a paper figure (the same builder the window uses), or null before any data. */
    private ExportableFigure exportable() {
        LayerHeatmapFigure.Data data = model.heatmapProperty().get();
        FigureProvenance provenance = model.provenance();
        if (data == null || provenance == null) {
            return null;
        }
        return new ExportableFigure(LayerHeatmapFigure.NAME, style -> LayerHeatmapFigure.build(data, style),
                provenance);
    }

    private Node controls() {
        ChoiceBox<LayerMeasure> measure = new ChoiceBox<>();
        measure.getItems().setAll(LayerMeasure.values());
        measure.valueProperty().bindBidirectional(model.measureProperty());
        measure.setId("layersMeasure");
        ChoiceBox<SharpnessSettings.Definition> definition = new ChoiceBox<>();
        definition.getItems().setAll(SharpnessSettings.Definition.values());
        definition.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(SharpnessSettings.Definition d) {
                return d == null ? "" : d == SharpnessSettings.Definition.WORST_CASE ? "worst case" : "average case";
            }

            @Override
            public SharpnessSettings.Definition fromString(String s) {
                return s.startsWith("worst") ? SharpnessSettings.Definition.WORST_CASE
                        : SharpnessSettings.Definition.AVERAGE_CASE;
            }
        });
        definition.valueProperty().bindBidirectional(model.definitionProperty());
        definition.setId("layersDefinition");
        TextField rho = new TextField();
        rho.setPrefColumnCount(6);
        rho.setId("layersRho");
        rho.setText(format(model.rhoProperty().get()));
        model.rhoProperty().addListener((obs, old, now) -> rho.setText(format(now.doubleValue())));
        rho.setOnAction(e -> applyRho(rho));
        rho.focusedProperty().addListener((obs, old, focused) -> {
            if (!focused) {
                applyRho(rho);
            }
        });
        ChoiceBox<SharpnessPreset> preset = new ChoiceBox<>();
        preset.getItems().setAll(SharpnessPreset.values());
        preset.valueProperty().bindBidirectional(model.presetProperty());
        preset.setId("layersPreset");
        Button compute = new Button("Compute");
        compute.setId("layersCompute");
        compute.setDefaultButton(true);
        compute.setOnAction(e -> model.compute());
        compute.disableProperty().bind(model.projectProperty().isNull());
        Button cancel = new Button("Cancel");
        cancel.setId("layersCancel");
        cancel.setOnAction(e -> model.cancel());
        cancel.disableProperty().bind(model.computingProperty().not());
        // the sharpness controls only matter for the sharpness measure
        for (Node n : new Node[] {definition, rho, preset}) {
            n.disableProperty().bind(model.measureProperty().isNotEqualTo(LayerMeasure.SHARPNESS));
        }
        FlowPane row = new FlowPane(8, 6, new Label("Measure"), measure, new Label("Definition"), definition,
                new Label("ρ"), rho, new Label("Data"), preset, compute, cancel);
        row.setAlignment(Pos.CENTER_LEFT);
        Label settings = new Label();
        settings.setId("layersSettings");
        settings.textProperty().bind(model.settingsTextProperty());
        Label cost = new Label();
        cost.setId("layersCost");
        cost.textProperty().bind(model.costProperty());
        cost.setWrapText(true);
        Label status = new Label();
        status.setId("layersStatus");
        status.textProperty().bind(model.statusProperty());
        status.setStyle("-fx-font-weight: bold;");
        VBox box = new VBox(4, row, settings, cost, status);
        box.setPadding(new Insets(8, 12, 8, 12));
        return box;
    }

    private void applyRho(TextField field) {
        try {
            double v = Double.parseDouble(field.getText().strip());
            if (Double.isFinite(v) && v >= 0) {
                model.rhoProperty().set(v);
                return;
            }
        } catch (NumberFormatException ignored) {
            // fall through: show the value in use again
        }
        field.setText(format(model.rhoProperty().get()));
    }

    private static String format(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private Node detailPanel() {
        Label title = new Label("Layer detail");
        title.setStyle("-fx-font-weight: bold; -fx-font-size: 1.1em;");
        detailGroup.setId("layersDetailGroup");
        detailGroup.setPromptText("click a heatmap row");
        detailGroup.setMaxWidth(Double.MAX_VALUE);
        detailGroup.valueProperty().bindBidirectional(model.selectedGroupProperty());
        detailFacts.setId("layersDetailFacts");
        detailFacts.setWrapText(true);
        detailFacts.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // the charts shrink, never the facts
        detailSharpness.setPrefHeight(200);
        detailPath.setPrefHeight(200);
        detailSharpness.setId("layersDetailSharpness");
        detailPath.setId("layersDetailPath");
        VBox box = new VBox(6, title, detailGroup, detailFacts, detailSharpness, detailPath);
        VBox.setVgrow(detailSharpness, Priority.ALWAYS);
        VBox.setVgrow(detailPath, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        box.setId("layersDetail");
        box.setMinWidth(240);
        return box;
    }

    private void redraw() {
        LayerHeatmapFigure.Data data = model.heatmapProperty().get();
        placeholder.setVisible(data == null);
        heatmapViewer.setVisible(data != null);
        if (data == null) {
            detailGroup.getItems().clear();
            return;
        }
        heatmapViewer.setChart(LayerHeatmapChart.build(data, model.overallSharpnessProperty().get()));
        if (!detailGroup.getItems().equals(data.rows())) {
            String selected = model.selectedGroupProperty().get();
            detailGroup.getItems().setAll(data.rows());
            model.selectedGroupProperty().set(selected); // setAll may clear the combo's value
        }
    }

    private void showDetail(LayerDetail d) {
        if (d == null) {
            detailFacts.setText("Click a row of the heatmap to see that layer's curves and weight statistics.");
            showChart(detailSharpness, null);
            showChart(detailPath, null);
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(d.group()).append(d.straggler() ? " — straggler" : " — not a straggler").append('\n');
        sb.append("tensors: ").append(d.tensors() == null ? "—" : d.tensors());
        sb.append(",  scalars perturbed: ").append(d.scalars() == null ? "—" : String.format(Locale.ROOT, "%,d",
                d.scalars())).append('\n');
        sb.append("relative weight change ‖B−A‖/‖A‖: ").append(number(d.weightChange())).append('\n');
        sb.append("instability I_l (").append(d.metric()).append("): ").append(number(d.instability()));
        if (d.alphaAtMax() != null) {
            sb.append(String.format(Locale.ROOT, ",  max at α = %s", format(d.alphaAtMax())));
        }
        detailFacts.setText(sb.toString());
        showChart(detailSharpness, d.sharpness().isEmpty() ? null
                : curve(d.group() + ": layer-wise sharpness", "loss sharpness", d.sharpness(), null));
        showChart(detailPath, d.lossAlongPath().isEmpty() ? null
                : curve(d.group() + " alone moves (rest at B)", d.metric(), d.lossAlongPath(),
                        linearBaseline(d.lossAlongPath())));
    }

    /** Shows {@code chart}, or hides the viewer when null (a viewer cannot hold a null chart). */
    private static void showChart(ChartViewer viewer, JFreeChart chart) {
        if (chart != null) {
            viewer.setChart(chart);
        }
        viewer.setVisible(chart != null);
        viewer.setManaged(chart != null);
    }

    private static String number(Double v) {
        return v == null ? "— (compute the instability)" : String.format(Locale.ROOT, "%.4g", v);
    }

    private static java.util.TreeMap<Double, Double> linearBaseline(java.util.NavigableMap<Double, Double> path) {
        java.util.TreeMap<Double, Double> line = new java.util.TreeMap<>();
        Double e0 = path.get(0.0);
        Double e1 = path.get(1.0);
        if (e0 != null && e1 != null) {
            path.keySet().forEach(a -> line.put(a, (1 - a) * e0 + a * e1));
        }
        return line;
    }

    private static JFreeChart curve(String title, String yLabel, Map<Double, Double> values,
            Map<Double, Double> baseline) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries s = new XYSeries(yLabel);
        values.forEach(s::add);
        data.addSeries(s);
        if (baseline != null && !baseline.isEmpty()) {
            XYSeries b = new XYSeries("linear path");
            baseline.forEach(b::add);
            data.addSeries(b);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "α", yLabel, data, PlotOrientation.VERTICAL,
                baseline != null, true, false);
        chart.getTitle().setFont(new java.awt.Font("SansSerif", java.awt.Font.BOLD, 12));
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        ((org.jfree.chart.axis.NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, new Color(0x0072B2));
        renderer.setSeriesStroke(0, new BasicStroke(1.8f));
        renderer.setSeriesPaint(1, Color.GRAY);
        renderer.setSeriesShapesVisible(1, false);
        renderer.setSeriesStroke(1, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {5f, 4f}, 0f));
        plot.setRenderer(renderer);
        return chart;
    }

    /** A click on a heatmap cell selects its row's layer. */
    private final class RowClicks implements ChartMouseListenerFX {
        @Override
        public void chartMouseClicked(ChartMouseEventFX event) {
            LayerHeatmapFigure.Data data = model.heatmapProperty().get();
            if (data != null && event.getEntity() instanceof XYItemEntity item
                    && item.getDataset() instanceof XYZDataset xyz) {
                int row = (int) Math.round(xyz.getYValue(item.getSeriesIndex(), item.getItem()));
                if (row >= 0 && row < data.rows().size()) {
                    model.selectedGroupProperty().set(data.rows().get(row));
                }
            }
        }

        @Override
        public void chartMouseMoved(ChartMouseEventFX event) {
        }
    }
}
