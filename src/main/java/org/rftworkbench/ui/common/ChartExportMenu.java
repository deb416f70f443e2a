package org.rftworkbench.ui.common;

import java.io.File;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;
import org.rftworkbench.figures.ExportFormat;
import org.rftworkbench.figures.LegendPosition;
import org.rftworkbench.figures.PaperPreset;

/**
 * The context menu of every chart in the window: "Export Figure…" (paper preset, formats, DPI, title, axis labels,
 * legend position, transparency; then a folder) and "Copy Image" (the chart as shown, for slides), followed by any
 * chart-specific items the caller adds (e.g. the accuracy chart's "Export Play Animation…"). The figure is built and
 * written on the io executor; the FX thread only asks and reports.
 */
public final class ChartExportMenu {
    private ChartExportMenu() {
    }

    /**
     * Installs the menu on {@code chart}.
     *
     * @param figure called on the FX thread when the user exports: the figure to write, completed when its data is
     *               ready (e.g. after a cached sweep), or a completed-null stage when there is nothing to export
     * @param io     executor for building and writing the figure
     */
    public static ContextMenu install(Node chart, Supplier<CompletionStage<ExportableFigure>> figure, Executor io) {
        return install(chart, figure, io, new MenuItem[0]);
    }

    /**
     * Installs the menu on {@code chart} with {@code extra} items after "Export Figure…" and "Copy Image", in the
     * given order; the caller wires their actions.
     *
     * @see #install(Node, Supplier, Executor)
     */
    public static ContextMenu install(Node chart, Supplier<CompletionStage<ExportableFigure>> figure, Executor io,
            MenuItem... extra) {
        MenuItem export = new MenuItem("Export Figure…");
        export.setOnAction(e -> exportInteractively(chart, figure, io));
        MenuItem copy = new MenuItem("Copy Image");
        copy.setOnAction(e -> copyImage(chart));
        ContextMenu menu = new ContextMenu(export, copy);
        menu.getItems().addAll(extra);
        chart.setOnContextMenuRequested(e -> {
            menu.show(chart, e.getScreenX(), e.getScreenY());
            e.consume();
        });
        return menu;
    }

    /** A figure whose data is already at hand. */
    public static Supplier<CompletionStage<ExportableFigure>> ready(Supplier<ExportableFigure> figure) {
        return () -> CompletableFuture.completedFuture(figure.get());
    }

    /** Puts a snapshot of the node (as drawn) on the system clipboard. */
    public static void copyImage(Node node) {
        WritableImage image = node.snapshot(null, null);
        ClipboardContent content = new ClipboardContent();
        content.putImage(image);
        Clipboard.getSystemClipboard().setContent(content);
    }

    private static void exportInteractively(Node chart, Supplier<CompletionStage<ExportableFigure>> figure,
            Executor io) {
        Window owner = chart.getScene() != null ? chart.getScene().getWindow() : null;
        Optional<ExportChoice> choice = askChoice(owner);
        if (choice.isEmpty()) {
            return;
        }
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Export figure to");
        File dir = chooser.showDialog(owner);
        if (dir == null) {
            return;
        }
        figure.get().whenCompleteAsync((f, error) -> {
            if (error != null) {
                Platform.runLater(() -> ErrorDialog.create("Cannot export the figure", error).show());
                return;
            }
            if (f == null) {
                Platform.runLater(() -> ErrorDialog.create("Nothing to export yet",
                        new IllegalStateException("the chart has no data yet")).show());
                return;
            }
            try {
                List<java.nio.file.Path> files = choice.get().export(f, dir.toPath());
                Platform.runLater(() -> InfoNotice.show(owner, "Figure exported",
                        files.size() + " files (" + f.name() + ") in " + dir));
            } catch (Exception ex) {
                Platform.runLater(() -> ErrorDialog.create("Cannot export the figure", ex).show());
            }
        }, io);
    }

    /** The export dialog; empty when cancelled. */
    static Optional<ExportChoice> askChoice(Window owner) {
        Dialog<ExportChoice> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Export Figure");
        dialog.setHeaderText("Paper figure with its data (CSV) and provenance (JSON)");
        ChoiceBox<PaperPreset> preset = new ChoiceBox<>();
        preset.getItems().setAll(PaperPreset.values());
        preset.setValue(PaperPreset.SINGLE_COLUMN);
        CheckBox pdf = new CheckBox("PDF");
        pdf.setSelected(true);
        CheckBox svg = new CheckBox("SVG");
        svg.setSelected(true);
        CheckBox png = new CheckBox("PNG");
        png.setSelected(true);
        Spinner<Integer> dpi = new Spinner<>(72, 1200, 300, 50);
        dpi.setEditable(true);
        // a slide's PNG is 1920 pixels wide at 144 dpi; papers print at 300
        preset.valueProperty().addListener((o, was, now) -> {
            if (now != null) {
                dpi.getValueFactory().setValue(now.defaultDpi());
            }
        });
        TextField title = new TextField();
        title.setPromptText("default title (type a space to hide it)");
        TextField xLabel = new TextField();
        xLabel.setPromptText("default");
        TextField yLabel = new TextField();
        yLabel.setPromptText("default");
        ChoiceBox<LegendPosition> legend = new ChoiceBox<>();
        legend.getItems().setAll(LegendPosition.values());
        legend.setValue(LegendPosition.BOTTOM);
        CheckBox transparent = new CheckBox("Transparent background");
        CheckBox absolutePaths = new CheckBox("Include absolute paths");
        absolutePaths.setTooltip(new javafx.scene.control.Tooltip("Write this computer's folder names into the "
                + "figure's metadata (default: paths relative to the project folder, plus file hashes)"));
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.setPadding(new Insets(10));
        int row = 0;
        grid.addRow(row++, new Label("Preset"), preset);
        grid.addRow(row++, new Label("Formats"), new HBox(8, pdf, svg, png));
        grid.addRow(row++, new Label("PNG DPI"), dpi);
        grid.addRow(row++, new Label("Title"), title);
        grid.addRow(row++, new Label("x-axis label"), xLabel);
        grid.addRow(row++, new Label("y-axis label"), yLabel);
        grid.addRow(row++, new Label("Legend"), legend);
        grid.add(transparent, 1, row++);
        grid.add(absolutePaths, 1, row);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        Node ok = dialog.getDialogPane().lookupButton(ButtonType.OK);
        Runnable validate = () -> ok.setDisable(!pdf.isSelected() && !svg.isSelected() && !png.isSelected());
        pdf.selectedProperty().addListener((o, a, b) -> validate.run());
        svg.selectedProperty().addListener((o, a, b) -> validate.run());
        png.selectedProperty().addListener((o, a, b) -> validate.run());
        dialog.setResultConverter(button -> {
            if (button != ButtonType.OK) {
                return null;
            }
            EnumSet<ExportFormat> formats = EnumSet.noneOf(ExportFormat.class);
            if (pdf.isSelected()) {
                formats.add(ExportFormat.PDF);
            }
            if (svg.isSelected()) {
                formats.add(ExportFormat.SVG);
            }
            if (png.isSelected()) {
                formats.add(ExportFormat.PNG);
            }
            String t = title.getText();
            // empty field = keep the default title; a blank one (spaces) = hide it
            String titleChoice = t.isEmpty() ? null : t.isBlank() ? "" : t.strip();
            return new ExportChoice(preset.getValue(), formats, dpi.getValue(), titleChoice, xLabel.getText(),
                    yLabel.getText(), legend.getValue(), transparent.isSelected(), absolutePaths.isSelected());
        });
        return dialog.showAndWait();
    }
}
