package org.rftworkbench.ui.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;
import org.jfree.chart.fx.ChartViewer;
import org.rftworkbench.core.study.PairRow;
import org.rftworkbench.core.study.StudyMeasures;
import org.rftworkbench.core.study.StudyResult;
import org.rftworkbench.figures.Figure;
import org.rftworkbench.figures.FigureProvenance;
import org.rftworkbench.figures.FigureStyle;
import org.rftworkbench.figures.PaperPreset;
import org.rftworkbench.figures.StudyFigures;
import org.rftworkbench.ui.common.ChartExportMenu;
import org.rftworkbench.ui.common.ExportableFigure;

/**
 * The Study screen: a sortable table of the pool's runs (metadata, ID and OOD top-1 of the run, G_zs, verdict,
 * stragglers), the cross-pair scatter (one point per run, predictor and outcome chosen above it, coloured by a
 * metadata key, Kendall tau-b with its interval in the title) and a small path chart per run. Selecting a row makes
 * that run the pair of the other views. Every chart exports like the others. Binds to {@link StudyViewModel}.
 */
public final class StudyView {
    static final FigureStyle WINDOW_STYLE = FigureStyle.of(PaperPreset.SINGLE_COLUMN).withFontFamily("SansSerif")
            .withFontSizePt(12f);
    static final FigureStyle SMALL_STYLE = FigureStyle.of(PaperPreset.SINGLE_COLUMN).withFontFamily("SansSerif")
            .withFontSizePt(9f);

    private final StudyViewModel model;
    private final Executor io;
    private final BorderPane root = new BorderPane();
    private final TableView<PairRow> table = new TableView<>();
    private final BorderPane scatterPane = new BorderPane();
    private final TilePane paths = new TilePane(6, 6);
    private final Label summary = new Label();
    private ChartViewer scatter;
    private final List<Figure> pathFigures = new ArrayList<>();
    private boolean selecting;

    public StudyView(StudyViewModel model, Executor io) {
        this.model = model;
        this.io = io;
        Button run = new Button("Run study");
        run.setId("studyRun");
        run.setOnAction(e -> model.run());
        run.disableProperty().bind(model.runningProperty().or(model.runnableProperty().not()));
        Button cancel = new Button("Cancel");
        cancel.setId("studyCancel");
        cancel.setOnAction(e -> model.cancel());
        cancel.disableProperty().bind(model.runningProperty().not());
        Spinner<Integer> examples = new Spinner<>(1, 100_000, model.examplesProperty().get(), 64);
        examples.setId("studyExamples");
        examples.setEditable(true);
        examples.setPrefWidth(90);
        examples.valueProperty().addListener((obs, old, now) -> model.examplesProperty().set(now));
        Spinner<Integer> steps = new Spinner<>(1, 1000, model.stepsProperty().get(), 1);
        steps.setId("studySteps");
        steps.setPrefWidth(70);
        steps.valueProperty().addListener((obs, old, now) -> model.stepsProperty().set(now));
        Label status = new Label();
        status.setId("studyStatus");
        status.textProperty().bind(model.statusProperty());
        status.setMinWidth(0); // a long status is cut, never the buttons
        for (javafx.scene.control.Control c : List.of(run, cancel, examples, steps)) {
            c.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        HBox bar = new HBox(8, run, cancel, new Label("sharpness n"), examples, new Label("T"), steps, status);
        bar.setAlignment(Pos.CENTER_LEFT);
        Label explain = new Label("One row per fine-tuned run, paired with the zero-shot A: the sweep, the failure "
                + "metrics, the straggler layers (layer-wise instability) and sharpness at α = 0, 0.5, 1, as "
                + "`rft-workbench study` computes them. Select a run to make it the pair in the other views. Path charts: "
                + "ID top-1 blue, average OOD top-1 orange, A's OOD dashed, the best α marked.");
        explain.setWrapText(true);
        VBox top = new VBox(4, bar, explain);
        top.setPadding(new Insets(8, 12, 8, 12));
        root.setTop(top);

        table.setId("studyTable");
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.setRowFactory(t -> {
            TableRow<PairRow> row = new TableRow<>();
            row.itemProperty().addListener((obs, old, now) -> row.setStyle(now != null && "fails".equals(now.verdict())
                    ? "-fx-text-background-color: #b03a2e;" : ""));
            return row;
        });
        table.setItems(model.rows());
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null && !selecting) {
                model.select(now.run());
            }
        });
        model.metadataKeys().addListener((ListChangeListener<String>) c -> buildColumns());
        buildColumns();

        ComboBox<String> predictor = new ComboBox<>();
        predictor.setId("studyPredictor");
        ComboBox<String> outcome = new ComboBox<>();
        outcome.setId("studyOutcome");
        ComboBox<String> colour = new ComboBox<>(model.metadataKeys());
        colour.setId("studyColour");
        predictor.valueProperty().bindBidirectional(model.predictorProperty());
        outcome.valueProperty().bindBidirectional(model.outcomeProperty());
        colour.valueProperty().bindBidirectional(model.colourKeyProperty());
        model.resultProperty().addListener((obs, old, now) -> {
            if (now != null) {
                predictor.getItems().setAll(StudyMeasures.predictors(now.settings()));
                outcome.getItems().setAll(StudyMeasures.outcomes(now.settings()));
            }
            showScatter();
        });
        model.predictorProperty().addListener((obs, old, now) -> showScatter());
        model.outcomeProperty().addListener((obs, old, now) -> showScatter());
        model.colourKeyProperty().addListener((obs, old, now) -> showScatter());
        predictor.setPrefWidth(220);
        outcome.setPrefWidth(150);
        colour.setPrefWidth(110);
        HBox choose = new HBox(6, new Label("x"), predictor, new Label("y"), outcome, new Label("colour"), colour);
        choose.setAlignment(Pos.CENTER_LEFT);
        summary.setId("studySummary");
        summary.setWrapText(true);
        scatterPane.setTop(choose);
        scatterPane.setBottom(summary);
        scatterPane.setPadding(new Insets(4));

        SplitPane upper = new SplitPane(table, scatterPane);
        upper.setDividerPositions(0.55);
        paths.setId("studyPaths");
        paths.setPrefColumns(4);
        paths.setPadding(new Insets(4));
        ScrollPane pathScroll = new ScrollPane(paths);
        pathScroll.setFitToWidth(true);
        SplitPane split = new SplitPane(upper, pathScroll);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.6);
        root.setCenter(split);
        model.rows().addListener((ListChangeListener<PairRow>) c -> showPaths());
        model.projectProperty().addListener((obs, old, now) -> selectCurrent());
    }

    public Node root() {
        return root;
    }

    /** The scatter shown (null before a finished study). */
    public ChartViewer scatterViewer() {
        return scatter;
    }

    /** The small path figures, one per finished run. */
    public List<Figure> pathFigures() {
        return List.copyOf(pathFigures);
    }

    private void buildColumns() {
        table.getColumns().clear();
        table.getColumns().add(column("run", 110, PairRow::run));
        for (String key : model.metadataKeys()) {
            table.getColumns().add(column(key, 70, r -> sortable(r.metadata().get(key))));
        }
        table.getColumns().add(column("ID B %", 65, r -> round(100 * r.idB())));
        table.getColumns().add(column("OOD B %", 70, r -> round(100 * r.oodB())));
        table.getColumns().add(column("G_zs (pts)", 80, r -> round(100 * r.gainOverZeroShot())));
        table.getColumns().add(column("verdict", 75, PairRow::verdict));
        table.getColumns().add(column("stragglers", 200, r -> String.join(", ", r.stragglers())));
        for (TableColumn<PairRow, ?> c : table.getColumns()) {
            c.setId("studyColumn-" + c.getText());
        }
    }

    private static <T extends Comparable<? super T>> TableColumn<PairRow, T> column(String title, double width,
            java.util.function.Function<PairRow, T> value) {
        TableColumn<PairRow, T> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setSortable(true);
        return c;
    }

    /** Numbers sort as numbers and text as text; numbers first. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparable sortable(Object v) {
        if (v instanceof Number n) {
            return new MetadataValue(n.doubleValue(), null);
        }
        return new MetadataValue(Double.NaN, v == null ? "" : String.valueOf(v));
    }

    /** A metadata cell: a number, or text. */
    private record MetadataValue(double number, String text) implements Comparable<MetadataValue> {
        @Override
        public int compareTo(MetadataValue o) {
            if (text == null && o.text == null) {
                return Double.compare(number, o.number);
            }
            if (text == null || o.text == null) {
                return text == null ? -1 : 1;
            }
            return text.compareTo(o.text);
        }

        @Override
        public String toString() {
            return text != null ? text : java.math.BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
        }
    }

    private static Double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private void showPaths() {
        paths.getChildren().clear();
        pathFigures.clear();
        for (PairRow row : model.rows()) {
            Figure f = StudyFigures.path(row, SMALL_STYLE, false);
            ChartViewer viewer = new ChartViewer(f.chart());
            viewer.setPrefSize(260, 180);
            viewer.setId("studyPath-" + row.run());
            ChartExportMenu.install(viewer, ChartExportMenu.ready(() -> exportable(f.name(),
                    style -> StudyFigures.path(row, style, true))), io);
            pathFigures.add(f);
            paths.getChildren().add(viewer);
        }
        selectCurrent();
    }

    private void showScatter() {
        StudyResult r = model.resultProperty().get();
        String x = model.predictorProperty().get();
        String y = model.outcomeProperty().get();
        if (r == null || x == null || y == null) {
            scatterPane.setCenter(new Label(r == null ? "the cross-pair scatter appears when the study is done"
                    : "choose a predictor and an outcome"));
            scatter = null;
            summary.setText("");
            return;
        }
        String key = model.colourKeyProperty().get();
        Figure f = StudyFigures.scatter(r, x, y, key, WINDOW_STYLE);
        scatter = new ChartViewer(f.chart());
        scatter.setId("studyScatter");
        ChartExportMenu.install(scatter, ChartExportMenu.ready(() -> exportable(f.name(),
                style -> StudyFigures.scatter(r, x, y, key, style))), io);
        scatterPane.setCenter(scatter);
        summary.setText(r.summary().stream().filter(line -> line.startsWith(x + ":")).findFirst().orElse(""));
    }

    private ExportableFigure exportable(String name, java.util.function.Function<FigureStyle, Figure> build) {
        StudyResult r = model.resultProperty().get();
        var p = model.projectProperty().get();
        if (p == null) {
            return null;
        }
        List<FigureProvenance.CheckpointRef> checkpoints = new ArrayList<>();
        Map<String, Object> settings = new LinkedHashMap<>();
        for (PairRow row : model.rows()) {
            checkpoints.add(new FigureProvenance.CheckpointRef(row.run(), null, row.sha256()));
        }
        if (r != null) {
            settings.put("study", r.settings());
        }
        settings.put("statistic", "Kendall tau-b over runs, percentile bootstrap");
        return new ExportableFigure(name, build, FigureProvenance.now(p.file().toString(), checkpoints, Map.of(),
                r == null ? List.of() : r.settings().sweepAlphas(), settings, List.of()));
    }

    /** Highlights the run the other views show. */
    private void selectCurrent() {
        String current = model.selectedRun();
        selecting = true;
        try {
            for (PairRow row : model.rows()) {
                if (row.run().equals(current)) {
                    table.getSelectionModel().select(row);
                }
            }
            for (Node n : paths.getChildren()) {
                n.setStyle(("studyPath-" + current).equals(n.getId()) ? "-fx-border-color: #0072B2; -fx-border-width: 2;"
                        : "");
            }
        } finally {
            selecting = false;
        }
    }
}
