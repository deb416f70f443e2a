package org.rftworkbench.ui.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import org.jfree.chart.fx.ChartViewer;
import org.rftworkbench.figures.CorrelationFigure;
import org.rftworkbench.figures.Figure;
import org.rftworkbench.figures.FigureProvenance;
import org.rftworkbench.ui.common.ChartExportMenu;
import org.rftworkbench.ui.common.ExportableFigure;
import org.rftworkbench.figures.FigureStyle;
import org.rftworkbench.figures.PaperPreset;

/**
 * The Correlation screen: overall sharpness vs average OOD top-1 on the left, one smaller scatter per straggler layer
 * on the right; every chart is the exported {@link CorrelationFigure} (points coloured by alpha with a colour bar,
 * endpoints labelled, Kendall tau-b with its interval and n as the title). Binds to {@link CorrelationViewModel}.
 */
public final class CorrelationView {
    /** Window styling: the paper layout with screen-sized sans-serif text. */
    static final FigureStyle WINDOW_STYLE = FigureStyle.of(PaperPreset.SINGLE_COLUMN).withFontFamily("SansSerif")
            .withFontSizePt(12f);

    private final CorrelationViewModel model;
    private final BorderPane root = new BorderPane();
    private final GridPane grid = new GridPane();
    private final List<ChartViewer> viewers = new ArrayList<>();
    private final List<Figure> figures = new ArrayList<>();
    private final Executor io;

    /**
     * @param model the view model
     * @param io    executor that builds and writes exported figures (each chart's context menu)
     */
    public CorrelationView(CorrelationViewModel model, Executor io) {
        this.model = model;
        this.io = io;
        Label status = new Label();
        status.setId("correlationStatus");
        status.textProperty().bind(model.statusProperty());
        Label explain = new Label("Each point is one interpolated model θ(α); x = loss sharpness of the group, "
                + "y = average OOD top-1. Kendall τ-b with a 95% bootstrap interval (2000 resamples, endpoints "
                + "included), as the `correlate` command computes it.");
        explain.setWrapText(true);
        javafx.scene.control.Button compute = new javafx.scene.control.Button("Compute sharpness");
        compute.setId("correlationCompute");
        compute.setOnAction(e -> model.computeSharpness());
        compute.disableProperty().bind(model.computingProperty());
        javafx.scene.layout.HBox statusRow = new javafx.scene.layout.HBox(10, compute, status);
        statusRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox top = new VBox(4, statusRow, explain);
        top.setPadding(new Insets(8, 12, 8, 12));
        root.setTop(top);
        grid.setId("correlationCharts");
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(4, 8, 8, 8));
        root.setCenter(grid);
        model.panelsProperty().addListener((obs, old, now) -> show(now));
        show(model.panelsProperty().get());
    }

    public Node root() {
        return root;
    }

    /** The charts shown, overall first (for the export menu and tests). */
    public List<ChartViewer> viewers() {
        return List.copyOf(viewers);
    }

    /** The figures behind {@link #viewers()}, in the same order. */
    public List<Figure> figures() {
        return List.copyOf(figures);
    }

    private ExportableFigure exportable(String stem, CorrelationFigure.Data data) {
        FigureProvenance provenance = model.provenance();
        return provenance == null ? null : new ExportableFigure(stem,
                style -> CorrelationFigure.build(data, style), provenance);
    }

    private void show(List<CorrelationViewModel.Panel> panels) {
        grid.getChildren().clear();
        grid.getColumnConstraints().clear();
        grid.getRowConstraints().clear();
        viewers.clear();
        figures.clear();
        if (panels.isEmpty()) {
            return;
        }
        List<Node> small = new ArrayList<>();
        for (int i = 0; i < panels.size(); i++) {
            CorrelationViewModel.Panel p = panels.get(i);
            Node node;
            if (p.data() == null) {
                node = new Label(p.group() + ": fewer than 3 alphas with both sharpness and OOD accuracy");
            } else {
                Figure f = CorrelationFigure.build(p.data(), WINDOW_STYLE);
                ChartViewer viewer = new ChartViewer(f.chart());
                viewer.setId(i == 0 ? "correlationOverall" : "correlationStraggler" + (i - 1));
                CorrelationFigure.Data data = p.data();
                String stem = CorrelationFigure.NAME + "-" + p.group().replaceAll("[^A-Za-z0-9]+", "-");
                ChartExportMenu.install(viewer, ChartExportMenu.ready(() -> exportable(stem, data)), io);
                viewers.add(viewer);
                figures.add(f);
                node = viewer;
            }
            if (i == 0) {
                grid.add(node, 0, 0, 1, Math.max(1, panels.size() - 1));
            } else {
                small.add(node);
            }
        }
        for (int r = 0; r < small.size(); r++) {
            grid.add(small.get(r), 1, r);
        }
        ColumnConstraints big = new ColumnConstraints();
        big.setPercentWidth(small.isEmpty() ? 100 : 58);
        big.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().add(big);
        if (!small.isEmpty()) {
            ColumnConstraints side = new ColumnConstraints();
            side.setPercentWidth(42);
            side.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(side);
        }
        for (int r = 0; r < Math.max(1, small.size()); r++) {
            RowConstraints rc = new RowConstraints();
            rc.setPercentHeight(100.0 / Math.max(1, small.size()));
            rc.setVgrow(Priority.ALWAYS);
            grid.getRowConstraints().add(rc);
        }
    }
}
