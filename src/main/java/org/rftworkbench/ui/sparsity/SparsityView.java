package org.rftworkbench.ui.sparsity;

import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.cell.CheckBoxListCell;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.rftworkbench.core.sparsity.SparsitySpec;

/**
 * The sparsity screen: on the left the block groups (checklist, stragglers preselected), method, ratio (slider and
 * spinner, 0 to 0.95), placement, the non-straggler control, Apply and Undo; on the right the before/after accuracy
 * chart over the failure-mode metrics table. Builds nodes and binds them to {@link SparsityViewModel}; holds no state
 * of its own beyond what the widgets show.
 */
public final class SparsityView {
    private static final double RATIO_STEP = 0.05;

    private final SparsityViewModel model;
    private final BorderPane root = new BorderPane();
    private final SparsityChart chart = new SparsityChart();
    private final TableView<MetricRow> table = new TableView<>();

    public SparsityView(SparsityViewModel model) {
        this.model = model;
        root.setLeft(controls());
        SplitPane right = new SplitPane(chart.viewer(), metricsTable());
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.5);
        root.setCenter(right);
        model.outcomeProperty().addListener((obs, old, now) -> chart.show(now));
    }

    public Node root() {
        return root;
    }

    /** Presentation mode on or off: the chart's text and lines (FX thread). */
    public void setPresentation(boolean on) {
        chart.setPresentation(on);
    }

    /** The chart node as shown (for the chart context menu and snapshots). */
    public Node chartNode() {
        return chart.viewer();
    }

    private VBox controls() {
        ListView<GroupChoice> list = new ListView<>(model.groups());
        list.setId("sparsityGroups");
        list.setCellFactory(CheckBoxListCell.forListView(GroupChoice::selectedProperty));
        list.setPrefHeight(220);
        VBox.setVgrow(list, Priority.ALWAYS);
        list.setPlaceholder(new Label("groups appear when the\nstraggler search is done"));

        ChoiceBox<SparsitySpec.Method> method = new ChoiceBox<>();
        method.getItems().setAll(SparsitySpec.Method.values());
        method.setConverter(lowerCase(m -> m.name().toLowerCase(java.util.Locale.ROOT)));
        method.valueProperty().bindBidirectional(model.methodProperty());
        method.setId("sparsityMethod");

        Slider ratio = new Slider(0, SparsitySettings.MAX_RATIO, model.ratioProperty().get());
        ratio.setMajorTickUnit(0.25);
        ratio.setMinorTickCount(4);
        ratio.setBlockIncrement(RATIO_STEP);
        ratio.setShowTickMarks(true);
        ratio.valueProperty().bindBidirectional(model.ratioProperty());
        ratio.setId("sparsityRatioSlider");
        Spinner<Double> ratioSpinner = new Spinner<>();
        SpinnerValueFactory.DoubleSpinnerValueFactory values = new SpinnerValueFactory.DoubleSpinnerValueFactory(0,
                SparsitySettings.MAX_RATIO, model.ratioProperty().get(), RATIO_STEP);
        ratioSpinner.setValueFactory(values);
        ratioSpinner.setEditable(true);
        ratioSpinner.setPrefWidth(90);
        ratioSpinner.setId("sparsityRatio");
        // the spinner's value is an object property: keep it and the model in step both ways
        model.ratioProperty().addListener((obs, old, now) -> {
            if (Math.abs(values.getValue() - now.doubleValue()) > 1e-9) {
                values.setValue(now.doubleValue());
            }
        });
        values.valueProperty().addListener((obs, old, now) -> {
            if (now != null && Math.abs(model.ratioProperty().get() - now) > 1e-9) {
                model.ratioProperty().set(now);
            }
        });
        HBox ratioRow = new HBox(8, ratio, ratioSpinner);
        HBox.setHgrow(ratio, Priority.ALWAYS);

        ChoiceBox<SparsitySpec.Placement> placement = new ChoiceBox<>();
        placement.getItems().setAll(SparsitySpec.Placement.values());
        placement.setConverter(lowerCase(SparsitySpec.Placement::label));
        placement.valueProperty().bindBidirectional(model.placementProperty());
        placement.setId("sparsityPlacement");

        CheckBox rescale = new CheckBox("Rescale kept entries by 1/(1−s)");
        rescale.selectedProperty().bindBidirectional(model.rescaleProperty());
        rescale.disableProperty().bind(model.placementProperty().isNotEqualTo(SparsitySpec.Placement.TASK_VECTOR));
        rescale.setId("sparsityRescale");

        CheckBox control = new CheckBox("Random non-straggler control");
        control.selectedProperty().bindBidirectional(model.controlProperty());
        control.setId("sparsityControl");

        Button apply = new Button("Apply");
        apply.setId("sparsityApply");
        apply.setDefaultButton(true);
        apply.disableProperty().bind(model.groupsReadyProperty().not().or(model.runningProperty()));
        apply.setOnAction(e -> model.apply());
        Button undo = new Button("Undo");
        undo.setId("sparsityUndo");
        undo.disableProperty().bind(model.canUndoProperty().not());
        undo.setOnAction(e -> model.undo());

        Label status = new Label();
        status.setId("sparsityStatus");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());

        VBox box = new VBox(6, heading("Layer groups"), list, heading("Method"), method, heading("Ratio"), ratioRow,
                heading("Placement"), placement, rescale, control, new HBox(8, apply, undo), status);
        box.setPadding(new Insets(8, 12, 8, 12));
        box.setPrefWidth(290);
        box.setMinWidth(260);
        return box;
    }

    private Node metricsTable() {
        table.setId("sparsityMetrics");
        table.setItems(model.metrics());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(new Label("failure-mode metrics appear after Apply"));
        TableColumn<MetricRow, String> metric = column("Failure metric (avg OOD; ID barriers)", MetricRow::metric, 270);
        TableColumn<MetricRow, String> before = column("Before", MetricRow::before, 150);
        TableColumn<MetricRow, String> after = column("After", MetricRow::after, 150);
        TableColumn<MetricRow, String> control = column("Control", MetricRow::control, 150);
        control.visibleProperty().bind(model.outcomeProperty().map(o -> o != null && o.control() != null)
                .orElse(false));
        table.getColumns().setAll(java.util.List.of(metric, before, after, control));
        return table;
    }

    private static TableColumn<MetricRow, String> column(String title,
            java.util.function.Function<MetricRow, String> value, double width) {
        TableColumn<MetricRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new javafx.beans.property.ReadOnlyStringWrapper(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }

    private static Label heading(String text) {
        Label l = new Label(text);
        l.setStyle("-fx-font-weight: bold;");
        return l;
    }

    private static <T> StringConverter<T> lowerCase(java.util.function.Function<T, String> label) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : label.apply(value);
            }

            @Override
            public T fromString(String string) {
                throw new UnsupportedOperationException("choice boxes do not parse text");
            }
        };
    }
}
