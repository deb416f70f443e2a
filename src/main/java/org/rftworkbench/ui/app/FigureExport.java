package org.rftworkbench.ui.app;

import java.io.File;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.scene.control.ChoiceDialog;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.AlphaGrids;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.SweepRequest;
import org.rftworkbench.figures.AccuracyVsAlphaFigure;
import org.rftworkbench.figures.FigureExports;
import org.rftworkbench.figures.FigureProvenance;
import org.rftworkbench.figures.PaperPreset;
import org.rftworkbench.figures.RobustnessFigure;
import org.rftworkbench.figures.SweepFigures;
import org.rftworkbench.ui.common.ErrorDialog;
import org.rftworkbench.ui.common.ExportableFigure;
import org.rftworkbench.ui.common.InfoNotice;
import org.rftworkbench.ui.interpolation.InterpolationViewModel;

/**
 * The interpolation view's figures: the paper figure behind each chart's Export Figure… and File > Export Figures….
 * The project's alpha grid is swept through the service (served from the result cache the background precompute
 * filled) and drawn by the same code as the {@code figures} command; files are written on the io thread.
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
        SweepRequest request = new SweepRequest(project.file().toString(), grid, null, null, null, false,
                project.spec().selectedRun());
        return service.sweep(request, Priority.USER, null, e -> { }).result()
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
        var job = service.sweep(new SweepRequest(project.file().toString(), grid, null, null, null, false,
                project.spec().selectedRun()), Priority.USER,
                null, e -> { });
        job.result().whenCompleteAsync((sweep, error) -> {
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
