package org.rftworkbench.ui.app;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.GridPane;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.AlphaGrids;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.SweepRequest;
import org.rftworkbench.figures.AccuracyVsAlphaFigure;
import org.rftworkbench.figures.FigureExports;
import org.rftworkbench.figures.FigureProvenance;
import org.rftworkbench.figures.FigureStyle;
import org.rftworkbench.figures.PaperPreset;
import org.rftworkbench.figures.PlayAnimation;
import org.rftworkbench.figures.RobustnessFigure;
import org.rftworkbench.figures.SweepFigures;
import org.rftworkbench.ui.common.ErrorDialog;
import org.rftworkbench.ui.common.ExportableFigure;
import org.rftworkbench.ui.common.InfoNotice;
import org.rftworkbench.ui.interpolation.InterpolationViewModel;

/**
 * The interpolation view's figures: the paper figure behind each chart's Export Figure…, the accuracy chart's Export
 * Play Animation… and File > Export Figures…. The project's alpha grid is swept through the service (served from the
 * result cache the background precompute filled) and drawn by the same code as the {@code figures} command; files are
 * written on the io thread.
 */
final class FigureExport {
    private final Stage stage;
    private final ComputeService service;
    private final Executor io;
    private final InterpolationViewModel interpolation;

    FigureExport(Stage stage, ComputeService service, Executor io, InterpolationViewModel interpolation) {
        this.stage = stage;
        this.service = service;
        this.io = io;
        this.interpolation = interpolation;
    }

    /**
     * The paper figure of one interpolation chart (accuracy vs alpha, or effective robustness); completes with null
     * without a project, exceptionally when the project's alpha grid cannot be read.
     */
    CompletionStage<ExportableFigure> sweepFigure(boolean accuracy) {
        LoadedProject project = interpolation.projectProperty().get();
        if (project == null) {
            return CompletableFuture.completedFuture(null);
        }
        boolean flipped = interpolation.flipConventionProperty().get();
        List<Double> grid;
        try {
            grid = AlphaGrids.of(project.spec().alphaGrid());
        } catch (RftException e) {
            return CompletableFuture.failedFuture(e);
        }
        return gridSweep(service, project, grid)
                .thenApply(sweep -> {
                    FigureProvenance provenance = FigureProvenance.of(sweep);
                    if (accuracy) {
                        AccuracyVsAlphaFigure.Data data = SweepFigures.accuracy(sweep, true, flipped);
                        return new ExportableFigure(AccuracyVsAlphaFigure.NAME,
                                style -> AccuracyVsAlphaFigure.build(data, style), provenance);
                    }
                    RobustnessFigure.Data data = SweepFigures.robustness(sweep);
                    return data == null ? null : new ExportableFigure(RobustnessFigure.NAME,
                            style -> RobustnessFigure.build(data, style), provenance);
                });
    }

    /**
     * The accuracy chart's Export Play Animation…: asks for a preset and a frame time, then a folder, and writes the
     * Play sweep as PNG frames and a looping GIF (see {@link PlayAnimation}) on the io thread. Call on the FX thread.
     */
    void exportPlayAnimation() {
        if (interpolation.projectProperty().get() == null) {
            ErrorDialog.create("Nothing to export yet", new IllegalStateException("no project is open")).show();
            return;
        }
        Optional<AnimationChoice> choice = askAnimationChoice();
        if (choice.isEmpty()) {
            return;
        }
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Export animation to");
        File dir = chooser.showDialog(stage);
        if (dir == null) {
            return;
        }
        writePlayAnimation(choice.get().preset(), choice.get().frameMillis(), dir.toPath())
                .whenComplete((files, error) -> {
                    if (error != null) {
                        Platform.runLater(() -> ErrorDialog.create("Cannot export the animation", error).show());
                    } else if (files == null) { // the project was closed while the dialogs were open
                        Platform.runLater(() -> ErrorDialog.create("Nothing to export yet",
                                new IllegalStateException("no project is open")).show());
                    } else {
                        Platform.runLater(() -> InfoNotice.show(stage, "Animation exported",
                                files.size() + " files in " + dir));
                    }
                });
    }

    /**
     * Writes the open project's Play animation (frames at the project's grid alphas, the view's flip convention)
     * into {@code dir}; completes with the files written (the GIF first), or with null without a project.
     */
    CompletionStage<List<Path>> writePlayAnimation(PaperPreset preset, int frameMillis, Path dir) {
        LoadedProject project = interpolation.projectProperty().get();
        if (project == null) {
            return CompletableFuture.completedFuture(null);
        }
        return writePlayAnimation(service, io, project, interpolation.flipConventionProperty().get(), preset,
                frameMillis, dir);
    }

    /**
     * The window-free part of {@link #writePlayAnimation(PaperPreset, int, Path)}: sweeps {@code project}'s alpha
     * grid through {@code service} (as the chart's Export Figure… does, so the precomputed cache serves it) and
     * writes the animation at the preset's default DPI on {@code io}.
     */
    static CompletionStage<List<Path>> writePlayAnimation(ComputeService service, Executor io, LoadedProject project,
            boolean flipped, PaperPreset preset, int frameMillis, Path dir) {
        List<Double> grid;
        try {
            grid = AlphaGrids.of(project.spec().alphaGrid());
        } catch (RftException e) {
            return CompletableFuture.failedFuture(e);
        }
        return gridSweep(service, project, grid)
                .thenApplyAsync(sweep -> {
                    // the same data as the accuracy chart's Export Figure…, so frames match the exported figure
                    AccuracyVsAlphaFigure.Data data = SweepFigures.accuracy(sweep, true, flipped);
                    try {
                        return PlayAnimation.write(data, FigureStyle.of(preset), preset.defaultDpi(), grid,
                                frameMillis, dir);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, io);
    }

    /**
     * The project's alpha grid swept through the service for its selected run, as every figure of this view needs
     * it (served from the result cache the background precompute filled).
     */
    private static CompletionStage<SweepResult> gridSweep(ComputeService service, LoadedProject project,
            List<Double> grid) {
        SweepRequest request = new SweepRequest(project.file().toString(), grid, null, null, null, false,
                project.spec().selectedRun());
        return service.sweep(request, Priority.USER, null, e -> { }).result();
    }

    /** The Play animation's preset and frame time. */
    record AnimationChoice(PaperPreset preset, int frameMillis) {
    }

    /** The animation dialog (preset, default slide; frame time, default 500 ms); empty when cancelled. */
    private Optional<AnimationChoice> askAnimationChoice() {
        Dialog<AnimationChoice> dialog = new Dialog<>();
        dialog.initOwner(stage);
        dialog.setTitle("Export Play Animation");
        dialog.setHeaderText("One PNG frame per alpha of the grid and a looping GIF");
        ChoiceBox<PaperPreset> preset = new ChoiceBox<>();
        preset.getItems().setAll(PaperPreset.values());
        preset.setValue(PaperPreset.SLIDE);
        // PlayAnimation's bounds; the factory clamps typed values into them
        Spinner<Integer> frameMs = new Spinner<>(20, 60_000, 500, 50);
        frameMs.setEditable(true);
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.setPadding(new Insets(10));
        grid.addRow(0, new Label("Preset"), preset);
        grid.addRow(1, new Label("Frame time (ms)"), frameMs);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.setResultConverter(button -> {
            if (button != ButtonType.OK) {
                return null;
            }
            commit(frameMs);
            return new AnimationChoice(preset.getValue(), frameMs.getValue());
        });
        return dialog.showAndWait();
    }

    /** Takes a typed but uncommitted number (OK pressed while the field still has focus); bad text keeps the value. */
    private static void commit(Spinner<Integer> spinner) {
        try {
            Integer typed = spinner.getValueFactory().getConverter().fromString(spinner.getEditor().getText());
            if (typed != null) {
                spinner.getValueFactory().setValue(typed);
            }
        } catch (RuntimeException e) {
            spinner.getEditor().setText(spinner.getValueFactory().getConverter().toString(spinner.getValue()));
        }
    }

    /**
     * File > Export Figures…: the accuracy and robustness figures of the open project with a paper preset, written
     * on the io thread exactly as the `figures` command writes them.
     */
    void exportFigures() {
        LoadedProject project = interpolation.projectProperty().get();
        if (project == null) {
            return;
        }
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Export figures to");
        File dir = chooser.showDialog(stage);
        if (dir == null) {
            return;
        }
        ChoiceDialog<PaperPreset> presetDialog = new ChoiceDialog<>(PaperPreset.SINGLE_COLUMN, PaperPreset.values());
        presetDialog.setHeaderText("Paper preset");
        Optional<PaperPreset> preset = presetDialog.showAndWait();
        if (preset.isEmpty()) {
            return;
        }
        boolean flipped = interpolation.flipConventionProperty().get();
        List<Double> grid;
        try {
            grid = AlphaGrids.of(project.spec().alphaGrid());
        } catch (RftException e) {
            ErrorDialog.create("Cannot export figures", e).show();
            return;
        }
        gridSweep(service, project, grid).whenCompleteAsync((sweep, error) -> {
            if (error != null) {
                Platform.runLater(() -> ErrorDialog.create("Cannot export figures", error).show());
                return;
            }
            try {
                int files = FigureExports.writeSweepFigures(sweep, preset.get(), flipped, dir.toPath());
                Platform.runLater(() -> InfoNotice.show(stage, "Figures exported", files + " files in " + dir));
            } catch (Exception ex) {
                Platform.runLater(() -> ErrorDialog.create("Cannot export figures", ex).show());
            }
        }, io);
    }
}
