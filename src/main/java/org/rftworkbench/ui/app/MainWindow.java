package org.rftworkbench.ui.app;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.geometry.Side;
import javafx.scene.Scene;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.rftworkbench.core.engine.Engines;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.ServiceInfo;
import org.rftworkbench.ui.common.ChartExportMenu;
import org.rftworkbench.ui.common.ErrorDialog;
import org.rftworkbench.ui.common.ExportableFigure;
import org.rftworkbench.ui.common.FxThread;
import org.rftworkbench.ui.interpolation.InterpolationView;
import org.rftworkbench.ui.interpolation.InterpolationViewModel;
import org.rftworkbench.ui.jobs.JobsView;
import org.rftworkbench.ui.jobs.JobsViewModel;
import org.rftworkbench.ui.jobs.TrackingComputeService;
import org.rftworkbench.ui.layers.CorrelationView;
import org.rftworkbench.ui.layers.CorrelationViewModel;
import org.rftworkbench.ui.layers.FrameThrottle;
import org.rftworkbench.ui.layers.LayersView;
import org.rftworkbench.ui.layers.LayersViewModel;
import org.rftworkbench.ui.sparsity.SparsityView;
import org.rftworkbench.ui.sparsity.SparsityViewModel;

/**
 * The main window: menus, the views in tabs, the jobs panel and the status bar (engine, devices, service). Project
 * files are read and settings written on the {@code io} thread; the FX thread only captures and applies.
 */
public final class MainWindow {
    private final Stage stage;
    private final Path settingsFile;
    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "io-1");
        t.setDaemon(true);
        return t;
    });
    private final JobsViewModel jobs = new JobsViewModel(FxThread.FX, System::nanoTime);
    private final SwitchableComputeService switchable;
    private final TrackingComputeService service;
    private final InterpolationViewModel interpolation;
    private final SparsityViewModel sparsity;
    private final LayersViewModel layers;
    private final CorrelationViewModel correlation;
    private final BorderPane root = new BorderPane();
    private final Label statusService = new Label();
    private final Label statusProject = new Label("no project");
    private final Menu recentMenu = new Menu("Open Recent");
    private UserSettings settings;

    public MainWindow(Stage stage, ComputeService rawService, UserSettings settings, Path settingsFile) {
        this.stage = stage;
        this.settings = settings;
        this.settingsFile = settingsFile;
        this.switchable = new SwitchableComputeService(rawService);
        this.service = new TrackingComputeService(switchable, jobs);
        this.interpolation = new InterpolationViewModel(service, FxThread.FX);
        this.sparsity = new SparsityViewModel(service, FxThread.FX);
        this.layers = new LayersViewModel(service, FxThread.FX,
                flush -> FrameThrottle.every(FrameThrottle.DEFAULT_INTERVAL_MS, FxThread.FX, flush));
        layers.projectProperty().bind(interpolation.projectProperty());
        this.correlation = new CorrelationViewModel(layers, service, FxThread.FX);
        jobs.setNotifier(message -> Notifications.create()
                .position(javafx.geometry.Pos.TOP_RIGHT).title("RFT Workbench").text(message)
                .hideAfter(Duration.seconds(4)).owner(stage).showInformation());
        build();
    }

    public InterpolationViewModel interpolation() {
        return interpolation;
    }

    public SparsityViewModel sparsity() {
        return sparsity;
    }

    /** The service the views use; jobs submitted through it appear in the jobs panel. */
    public ComputeService computeService() {
        return service;
    }

    public JobsViewModel jobs() {
        return jobs;
    }

    public LayersViewModel layers() {
        return layers;
    }

    public CorrelationViewModel correlation() {
        return correlation;
    }

    private InterpolationView interpolationView;

    private void build() {
        interpolationView = new InterpolationView(interpolation);
        ChartExportMenu.install(interpolationView.accuracyNode(), () -> sweepFigure(true), io);
        ChartExportMenu.install(interpolationView.robustnessNode(), () -> sweepFigure(false), io);
        SparsityView sparsityView = new SparsityView(sparsity);
        ChartExportMenu.install(sparsityView.chartNode(), sparsity::exportableFigure, io);
        Tab sparsityTab = new Tab("Sparsity", sparsityView.root());
        sparsityTab.setId("sparsityTab");
        sparsityTab.selectedProperty().addListener((obs, was, selected) -> {
            if (selected) {
                sparsity.show();
            }
        });
        interpolation.projectProperty().addListener((obs, old, now) -> {
            sparsity.open(now);
            if (sparsityTab.isSelected()) {
                sparsity.show();
            }
        });
        Tab layersTab = new Tab("Layers", new LayersView(layers, io).root());
        layersTab.setId("layersTab");
        Tab correlationTab = new Tab("Correlation", new CorrelationView(correlation, io).root());
        correlationTab.setId("correlationTab");
        Tab interpolationTab = new Tab("Interpolation", interpolationView.root());
        interpolationTab.setId("interpolationTab");
        TabPane tabs = new TabPane(interpolationTab, layersTab, correlationTab, sparsityTab);
        tabs.setId("mainTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        SnapshotHooks.startup(layers);
        SnapshotHooks.newProjectDialog(this);
        tabs.setSide(Side.TOP);
        TitledPane jobsPane = new TitledPane("Jobs", new JobsView(jobs).root());
        jobsPane.setExpanded(true);
        SplitPane split = new SplitPane(tabs, jobsPane);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.8);
        root.setTop(menus());
        root.setCenter(split);
        root.setBottom(statusBar());
        interpolation.statusProperty().addListener((obs, old, now) -> statusProject.setText(projectLabel() + now));
        Scene scene = new Scene(root, settings.width(), settings.height());
        applyTheme(scene);
        stage.setScene(scene);
        stage.setTitle("RFT Workbench");
        stage.setOnCloseRequest(e -> {
            if (confirmClose()) {
                shutdown();
            } else {
                e.consume();
            }
        });
        refreshRecent();
    }

    private MenuBar menus() {
        MenuItem newProject = new MenuItem("New Project…");
        newProject.setOnAction(e -> newProjectDialog().show(this::openProject));
        MenuItem open = new MenuItem("Open Project…");
        open.setOnAction(e -> chooseProject());
        MenuItem quit = new MenuItem("Quit");
        quit.setOnAction(e -> {
            if (confirmClose()) {
                shutdown();
                stage.close();
            }
        });
        MenuItem connect = new MenuItem("Connect to Server…");
        connect.setOnAction(e -> connectDialog());
        MenuItem embedded = new MenuItem("Use Embedded Service");
        embedded.setOnAction(e -> useEmbedded());
        MenuItem export = new MenuItem("Export Figures…");
        export.setOnAction(e -> exportFigures());
        Menu file = new Menu("File", null, newProject, open, recentMenu, export,
                new javafx.scene.control.SeparatorMenuItem(),
                connect,
                embedded, new javafx.scene.control.SeparatorMenuItem(), quit);
        CheckMenuItem dark = new CheckMenuItem("Dark theme");
        dark.setSelected(settings.darkTheme());
        CheckMenuItem presentation = new CheckMenuItem("Presentation mode");
        presentation.setSelected(settings.presentationMode());
        dark.setOnAction(e -> updateTheme(dark.isSelected(), presentation.isSelected()));
        presentation.setOnAction(e -> updateTheme(dark.isSelected(), presentation.isSelected()));
        MenuItem copyAccuracy = new MenuItem("Copy Accuracy Chart");
        copyAccuracy.setOnAction(e -> copyImage(interpolationView.accuracyImage()));
        MenuItem copyRobustness = new MenuItem("Copy Robustness Chart");
        copyRobustness.setOnAction(e -> copyImage(interpolationView.robustnessImage()));
        Menu view = new Menu("View", null, dark, presentation, new javafx.scene.control.SeparatorMenuItem(),
                copyAccuracy, copyRobustness);
        MenuItem engine = new MenuItem("Engine…");
        engine.setOnAction(e -> showEngine());
        Menu help = new Menu("Help", null, engine, LogFolder.menuItem());
        return new MenuBar(file, view, help);
    }

    private HBox statusBar() {
        refreshServiceStatus();
        statusService.setId("statusService");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(12, statusProject, spacer, statusService);
        bar.setId("statusBar");
        return bar;
    }

    private static void copyImage(javafx.scene.image.Image image) {
        javafx.scene.input.ClipboardContent content = new javafx.scene.input.ClipboardContent();
        content.putImage(image);
        javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
    }

    /**
     * The paper figure of one interpolation chart: the project's grid is swept through the service (served from the
     * cache the background precompute filled) and drawn by the same code as the {@code figures} command.
     */
    private java.util.concurrent.CompletionStage<ExportableFigure> sweepFigure(boolean accuracy) {
        LoadedProject project = interpolation.projectProperty().get();
        if (project == null) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        boolean flipped = interpolation.flipConventionProperty().get();
        var request = new org.rftworkbench.core.service.SweepRequest(project.file().toString(),
                InterpolationViewModel.gridOf(project), null, null, null);
        return service.sweep(request, org.rftworkbench.core.service.Priority.USER, null, e -> { }).result()
                .thenApply(sweep -> {
                    var provenance = org.rftworkbench.figures.FigureProvenance.of(sweep);
                    if (accuracy) {
                        var data = org.rftworkbench.figures.SweepFigures.accuracy(sweep, true, flipped);
                        return new ExportableFigure(org.rftworkbench.figures.AccuracyVsAlphaFigure.NAME,
                                style -> org.rftworkbench.figures.AccuracyVsAlphaFigure.build(data, style), provenance);
                    }
                    var data = org.rftworkbench.figures.SweepFigures.robustness(sweep);
                    return data == null ? null : new ExportableFigure(org.rftworkbench.figures.RobustnessFigure.NAME,
                            style -> org.rftworkbench.figures.RobustnessFigure.build(data, style), provenance);
                });
    }

    /**
     * Exports the accuracy and robustness figures of the open project with a paper preset: the project's alpha grid
     * is swept through the service (served from the result cache the background precompute filled), then the
     * figures are written on the io thread exactly as the `figures` command writes them.
     */
    private void exportFigures() {
        LoadedProject project = interpolation.projectProperty().get();
        if (project == null) {
            return;
        }
        javafx.stage.DirectoryChooser chooser = new javafx.stage.DirectoryChooser();
        chooser.setTitle("Export figures to");
        File dir = chooser.showDialog(stage);
        if (dir == null) {
            return;
        }
        javafx.scene.control.ChoiceDialog<org.rftworkbench.figures.PaperPreset> presetDialog =
                new javafx.scene.control.ChoiceDialog<>(org.rftworkbench.figures.PaperPreset.SINGLE_COLUMN,
                        org.rftworkbench.figures.PaperPreset.values());
        presetDialog.setHeaderText("Paper preset");
        var preset = presetDialog.showAndWait();
        if (preset.isEmpty()) {
            return;
        }
        boolean flipped = interpolation.flipConventionProperty().get();
        java.util.List<Double> grid = org.rftworkbench.ui.interpolation.InterpolationViewModel.gridOf(project);
        var job = service.sweep(new org.rftworkbench.core.service.SweepRequest(project.file().toString(), grid, null,
                null, null), org.rftworkbench.core.service.Priority.USER, null, e -> { });
        job.result().whenCompleteAsync((sweep, error) -> {
            if (error != null) {
                Platform.runLater(() -> ErrorDialog.create("Cannot export figures", error).show());
                return;
            }
            try {
                int files = org.rftworkbench.figures.FigureExports.writeSweepFigures(sweep, preset.get(), flipped,
                        dir.toPath());
                Platform.runLater(() -> Notifications.create()
                        .position(javafx.geometry.Pos.TOP_RIGHT).title("Figures exported")
                        .text(files + " files in " + dir).owner(stage).showInformation());
            } catch (Exception ex) {
                Platform.runLater(() -> ErrorDialog.create("Cannot export figures", ex).show());
            }
        }, io);
    }

    private void refreshServiceStatus() {
        withServiceInfo(info -> statusService.setText(info.engine() + " · " + String.join(", ", info.devices())
                + " · " + info.precision() + " · service: " + info.location()));
    }

    /**
     * Asks the service for its description on the io thread (the embedded service asks the DJL engine, which must
     * not happen on the FX thread) and hands it to {@code show} on the FX thread.
     */
    private void withServiceInfo(java.util.function.Consumer<ServiceInfo> show) {
        java.util.concurrent.CompletableFuture.supplyAsync(service::info, io).whenCompleteAsync((info, error) -> {
            if (info != null) {
                show.accept(info);
            }
        }, FxThread.FX);
    }

    /** Asks for a server URL and token file, connects off the FX thread, then routes new jobs there. */
    private void connectDialog() {
        javafx.scene.control.Dialog<String[]> dialog = new javafx.scene.control.Dialog<>();
        dialog.setTitle("Connect to compute server");
        dialog.setHeaderText("rft-workbench serve on another machine (use an SSH tunnel, see docs/REMOTE.md)");
        javafx.scene.control.TextField url = new javafx.scene.control.TextField("http://127.0.0.1:8765");
        javafx.scene.control.TextField token = new javafx.scene.control.TextField();
        token.setPromptText("token file (empty: no token)");
        javafx.scene.layout.GridPane grid = new javafx.scene.layout.GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.addRow(0, new Label("URL"), url);
        grid.addRow(1, new Label("Token file"), token);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().setAll(javafx.scene.control.ButtonType.OK,
                javafx.scene.control.ButtonType.CANCEL);
        dialog.setResultConverter(b -> b == javafx.scene.control.ButtonType.OK
                ? new String[] {url.getText().strip(), token.getText().strip()} : null);
        dialog.showAndWait().ifPresent(values -> io.execute(() -> {
            try {
                String secret = values[1].isEmpty() ? null
                        : org.rftworkbench.core.service.remote.BearerToken.readFile(Path.of(values[1]));
                // the client posts each job over the network before it returns: keep that off the FX thread
                ComputeService remote = new org.rftworkbench.core.service.SubmitInBackground(
                        org.rftworkbench.core.service.remote.RemoteComputeService.connect(
                                java.net.URI.create(values[0]), secret));
                Platform.runLater(() -> switchService(remote));
            } catch (Exception ex) {
                Platform.runLater(() -> ErrorDialog.create("Cannot connect to " + values[0], ex).show());
            }
        }));
    }

    private void useEmbedded() {
        io.execute(() -> {
            ComputeService embedded = new org.rftworkbench.core.service.EmbeddedComputeService(
                    org.rftworkbench.core.service.EmbeddedComputeService.Settings.defaults());
            Platform.runLater(() -> switchService(embedded));
        });
    }

    /** Cancels running work, routes new jobs to {@code next}, closes the old service off the FX thread. */
    private void switchService(ComputeService next) {
        interpolation.cancelAll();
        sparsity.cancelAll();
        layers.cancel();
        correlation.cancel();
        ComputeService previous = switchable.switchTo(next);
        io.execute(previous::close);
        refreshServiceStatus();
        LoadedProject current = interpolation.projectProperty().get();
        if (current != null) {
            interpolation.open(current);
        }
    }

    private String projectLabel() {
        LoadedProject p = interpolation.projectProperty().get();
        return p == null ? "" : p.project().name() + " — ";
    }

    private void chooseProject() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open RFT Workbench project");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Project (*.json)", "*.json"));
        File f = chooser.showOpenDialog(stage);
        if (f != null) {
            openProject(f.toPath());
        }
    }

    /**
     * Reads and checks the project on the io thread (file headers only: checkpoints, datasets, classes), then shows
     * it; a problem opens the error dialog (first problem as the summary, all of them in the details) and leaves the
     * current project open.
     */
    public void openProject(Path file) {
        io.execute(() -> {
            try {
                LoadedProject loaded = ProjectStore.load(file);
                org.rftworkbench.core.session.ProjectCheck check = org.rftworkbench.core.session.ProjectCheck.run(
                        loaded);
                if (!check.ok()) {
                    String details = String.join("\n", check.problems());
                    Platform.runLater(() -> ErrorDialog.create("Cannot open project", check.problems().get(0),
                            details).show());
                    return;
                }
                Platform.runLater(() -> {
                    interpolation.open(loaded);
                    statusProject.setText(loaded.project().name());
                    stage.setTitle("RFT Workbench — " + loaded.project().name());
                    settings = settings.withProject(loaded.file().toString());
                    refreshRecent();
                    saveSettings();
                });
            } catch (Exception ex) {
                Platform.runLater(() -> ErrorDialog.create("Cannot open project", ex).show());
            }
        });
    }

    private void refreshRecent() {
        recentMenu.getItems().clear();
        for (String path : settings.recentProjects()) {
            MenuItem item = new MenuItem(path);
            item.setOnAction(e -> openProject(Path.of(path)));
            recentMenu.getItems().add(item);
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }

    private void updateTheme(boolean dark, boolean presentation) {
        settings = settings.withTheme(dark, presentation);
        applyTheme(stage.getScene());
        saveSettings();
    }

    private void applyTheme(Scene scene) {
        scene.getStylesheets().clear();
        scene.getStylesheets().add(css(settings.darkTheme() ? "dark.css" : "light.css"));
        if (settings.presentationMode()) {
            scene.getStylesheets().add(css("presentation.css"));
        }
    }

    private static String css(String name) {
        return MainWindow.class.getResource("/org/rftworkbench/ui/" + name).toExternalForm();
    }

    private void showEngine() {
        // the service's info and the engine report both ask DJL (and probe CUDA and files): never on the FX thread
        withServiceInfo(info -> {
            String serviceText = "Service: " + info.location() + "\nPrecision: " + info.precision();
            if (!"embedded".equals(info.location())) {
                // a remote server: its engine runs elsewhere, so only what it reported is known here
                showEngineAlert(serviceText + "\nEngine: " + info.engine() + "\nDevices: "
                        + String.join(", ", info.devices()));
                return;
            }
            io.execute(() -> {
                try {
                    String details = String.join("\n", Engines.report().lines());
                    Platform.runLater(() -> showEngineAlert(serviceText + "\n" + details));
                } catch (RuntimeException ex) {
                    Platform.runLater(() -> ErrorDialog.create("Cannot describe the engine", ex).show());
                }
            });
        });
    }

    private static void showEngineAlert(String text) {
        javafx.scene.control.Alert alert = new javafx.scene.control.Alert(
                javafx.scene.control.Alert.AlertType.INFORMATION, text);
        alert.setHeaderText("Compute engine");
        alert.setResizable(true);
        alert.show();
    }

    private void saveSettings() {
        UserSettings snapshot = settings.withWindow(stage.getWidth() > 0 ? stage.getWidth() : settings.width(),
                stage.getHeight() > 0 ? stage.getHeight() : settings.height());
        io.execute(() -> {
            try {
                snapshot.save(settingsFile);
            } catch (java.io.IOException ignored) {
                // settings are a convenience; failing to save them must not disturb the user's work
            }
        });
    }

    /** The File > New Project dialog (not yet shown). */
    org.rftworkbench.ui.project.NewProjectDialog newProjectDialog() {
        return new org.rftworkbench.ui.project.NewProjectDialog(stage, io);
    }

    /**
     * Asks before closing while jobs the user started are running (previews and the background precompute do not
     * count); their finished cells are cached either way, so a later run resumes them.
     */
    private boolean confirmClose() {
        long running = jobs.rows().stream().filter(r -> !r.isFinished()
                && r.handle().priority() == org.rftworkbench.core.service.Priority.USER)
                .count();
        if (running == 0) {
            return true;
        }
        javafx.scene.control.Alert alert = new javafx.scene.control.Alert(
                javafx.scene.control.Alert.AlertType.CONFIRMATION, running + " job(s) still running. Quit and cancel "
                        + "them? Finished cells are cached; running the job again resumes from them.",
                javafx.scene.control.ButtonType.OK, javafx.scene.control.ButtonType.CANCEL);
        alert.initOwner(stage);
        alert.setHeaderText("Jobs are running");
        return alert.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.OK).isPresent();
    }

    /** Cancels jobs, saves settings and closes the service off the FX thread. */
    public void shutdown() {
        if (io.isShutdown()) {
            return;
        }
        interpolation.cancelAll();
        sparsity.cancelAll();
        layers.cancel();
        correlation.cancel();
        saveSettings();
        io.execute(service::close);
        io.shutdown();
    }

    /** The sample project next to the working directory, if present (first start). */
    static Path defaultProject() {
        Path sample = Path.of("sample-projects", "fashion-clip-wiseft", "project.json");
        return Files.isRegularFile(sample) ? sample : null;
    }
}
