package org.rftworkbench.ui.app;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.geometry.Orientation;
import javafx.geometry.Side;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TitledPane;
import javafx.scene.image.Image;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.rftworkbench.core.project.DemoScript;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.session.ProjectCheck;
import org.rftworkbench.ui.common.ChartExportMenu;
import org.rftworkbench.ui.common.ErrorDialog;
import org.rftworkbench.ui.common.FxThread;
import org.rftworkbench.ui.common.InfoNotice;
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
import org.rftworkbench.ui.project.NewProjectDialog;
import org.rftworkbench.ui.sparsity.SparsityView;
import org.rftworkbench.ui.plane.PlaneView;
import org.rftworkbench.ui.plane.PlaneViewModel;
import org.rftworkbench.ui.study.StudyView;
import org.rftworkbench.ui.study.StudyViewModel;
import org.rftworkbench.ui.sparsity.SparsityViewModel;

/**
 * The main window: composes the views in tabs, the jobs panel and the status bar (engine, devices, service), and owns
 * the menus, theme, settings, recent projects and close confirmation. Figure export lives in {@link FigureExport},
 * the service actions (connect, embedded, engine) in {@link ServiceActions}. Project files are read and settings
 * written on the {@code io} thread; the FX thread only captures and applies.
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
    private final StudyViewModel study;
    private final PlaneViewModel plane;
    private final org.rftworkbench.ui.layers.LayerSearchViewModel layerSearch;
    private final FigureExport figureExport;
    private final ServiceActions serviceActions;
    private final BorderPane root = new BorderPane();
    private final Label statusService = new Label();
    private final Label statusProject = new Label("no project");
    private final Menu recentMenu = new Menu("Open Recent");
    private UserSettings settings;
    private TabPane tabs;
    private SplitPane split;
    private TitledPane jobsPane;
    private HBox statusBar;
    private final Map<DemoScript.View, Tab> viewTabs = new EnumMap<>(DemoScript.View.class);
    private DemoDirector demoDirector;
    private GuidedDemo demo; // null while no demo runs

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
        this.study = new StudyViewModel(service, FxThread.FX, interpolation::open);
        study.projectProperty().bind(interpolation.projectProperty());
        this.plane = new PlaneViewModel(service, FxThread.FX);
        this.layerSearch = new org.rftworkbench.ui.layers.LayerSearchViewModel(service, FxThread.FX, io,
                (rules, baseline) -> {
                    interpolation.applyLayerAlphas(rules);
                    interpolation.alphaProperty().set(baseline);
                    if (tabs != null) {
                        tabs.getSelectionModel().select(0); // the slider view, now with the found alphas
                    }
                });
        layerSearch.projectProperty().bind(interpolation.projectProperty());
        plane.projectProperty().bind(interpolation.projectProperty());
        this.figureExport = new FigureExport(stage, service, io, interpolation);
        this.serviceActions = new ServiceActions(switchable, service, io, new ServiceActions.SwitchListener() {
            @Override
            public void beforeSwitch() {
                cancelViews();
            }

            @Override
            public void afterSwitch() {
                refreshServiceStatus();
                LoadedProject current = interpolation.projectProperty().get();
                if (current != null) {
                    interpolation.open(current);
                }
            }
        });
        jobs.setNotifier(message -> InfoNotice.show(stage, "RFT Workbench", message));
        build();
    }

    public InterpolationViewModel interpolation() {
        return interpolation;
    }

    /** The interpolation screen (tests drive its slider, Play and highlights). */
    public InterpolationView interpolationView() {
        return interpolationView;
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

    public StudyViewModel study() {
        return study;
    }

    public PlaneViewModel plane() {
        return plane;
    }

    private InterpolationView interpolationView;
    private SparsityView sparsityView;

    private void build() {
        interpolationView = new InterpolationView(interpolation);
        MenuItem playAnimation = new MenuItem("Export Play Animation…");
        playAnimation.setOnAction(e -> figureExport.exportPlayAnimation());
        ChartExportMenu.install(interpolationView.accuracyNode(), () -> figureExport.sweepFigure(true), io,
                playAnimation);
        ChartExportMenu.install(interpolationView.robustnessNode(), () -> figureExport.sweepFigure(false), io);
        sparsityView = new SparsityView(sparsity);
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
        Tab layersTab = new Tab("Layers", new LayersView(layers, io, layerSearch).root());
        layersTab.setId("layersTab");
        Tab correlationTab = new Tab("Correlation", new CorrelationView(correlation, io).root());
        correlationTab.setId("correlationTab");
        Tab interpolationTab = new Tab("Interpolation", interpolationView.root());
        interpolationTab.setId("interpolationTab");
        Tab studyTab = new Tab("Study", new StudyView(study, io).root());
        studyTab.setId("studyTab");
        Tab planeTab = new Tab("Plane", new PlaneView(plane, io).root());
        planeTab.setId("planeTab");
        tabs = new TabPane(interpolationTab, layersTab, correlationTab, sparsityTab, studyTab, planeTab);
        viewTabs.put(DemoScript.View.INTERPOLATION, interpolationTab);
        viewTabs.put(DemoScript.View.LAYERS, layersTab);
        viewTabs.put(DemoScript.View.CORRELATION, correlationTab);
        viewTabs.put(DemoScript.View.SPARSITY, sparsityTab);
        viewTabs.put(DemoScript.View.STUDY, studyTab);
        viewTabs.put(DemoScript.View.PLANE, planeTab);
        demoDirector = new DemoDirector(tabs, viewTabs, interpolationView, layers, sparsity);
        tabs.setId("mainTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setSide(Side.TOP);
        jobsPane = new TitledPane("Jobs", new JobsView(jobs).root());
        jobsPane.setExpanded(true);
        split = new SplitPane(tabs, jobsPane);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.8);
        root.setTop(menus());
        root.setCenter(split);
        statusBar = statusBar();
        root.setBottom(statusBar);
        interpolation.statusProperty().addListener((obs, old, now) -> statusProject.setText(projectLabel() + now));
        interpolation.projectProperty().addListener((obs, old, now) -> endDemo()); // the demo was that project's
        Scene scene = new Scene(root, settings.width(), settings.height());
        applyTheme(scene);
        PresenterKeys.install(scene, presenterActions());
        stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH); // Esc is ours: it ends a demo first
        stage.setFullScreenExitHint("F11 or Esc leaves full screen");
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
        connect.setOnAction(e -> serviceActions.connectDialog());
        MenuItem embedded = new MenuItem("Use Embedded Service");
        embedded.setOnAction(e -> serviceActions.useEmbedded());
        MenuItem export = new MenuItem("Export Figures…");
        export.setOnAction(e -> figureExport.exportFigures());
        Menu file = new Menu("File", null, newProject, open, recentMenu, export, new SeparatorMenuItem(), connect,
                embedded, new SeparatorMenuItem(), quit);
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
        CheckMenuItem fullScreen = new CheckMenuItem("Full Screen (F11)");
        fullScreen.setOnAction(e -> stage.setFullScreen(fullScreen.isSelected()));
        stage.fullScreenProperty().addListener((obs, was, now) -> fullScreen.setSelected(now));
        MenuItem guidedDemo = new MenuItem("Start Guided Demo (F5)");
        guidedDemo.setOnAction(e -> startDemo());
        Menu view = new Menu("View", null, dark, presentation, fullScreen, new SeparatorMenuItem(), guidedDemo,
                new SeparatorMenuItem(), copyAccuracy, copyRobustness);
        MenuItem engine = new MenuItem("Engine…");
        engine.setOnAction(e -> serviceActions.showEngine());
        MenuItem shortcuts = new MenuItem("Keyboard Shortcuts");
        shortcuts.setOnAction(e -> {
            Alert alert = new Alert(Alert.AlertType.INFORMATION, PresenterKeys.HELP, ButtonType.OK);
            alert.initOwner(stage);
            alert.setHeaderText("Keyboard shortcuts");
            alert.show();
        });
        Menu help = new Menu("Help", null, engine, shortcuts, LogFolder.menuItem());
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

    private static void copyImage(Image image) {
        ClipboardContent content = new ClipboardContent();
        content.putImage(image);
        Clipboard.getSystemClipboard().setContent(content);
    }

    private void refreshServiceStatus() {
        serviceActions.withServiceInfo(info -> statusService.setText(info.engine() + " · " + String.join(", ", info.devices())
                + " · " + info.precision() + " · service: " + info.location()));
    }

    private String projectLabel() {
        LoadedProject p = interpolation.projectProperty().get();
        return p == null ? "" : p.spec().name() + " — ";
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
                ProjectCheck check = ProjectCheck.run(loaded);
                if (!check.ok()) {
                    String details = String.join("\n", check.problems());
                    Platform.runLater(() -> ErrorDialog.create("Cannot open project", check.problems().get(0),
                            details).show());
                    return;
                }
                Platform.runLater(() -> {
                    interpolation.open(loaded);
                    statusProject.setText(loaded.spec().name());
                    stage.setTitle("RFT Workbench — " + loaded.spec().name());
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
        boolean presenting = settings.presentationMode();
        if (presenting) {
            scene.getStylesheets().add(css("presentation.css"));
        }
        // the charts are the stage: the jobs panel and the status bar give them their room while presenting
        interpolationView.setPresentation(presenting);
        sparsityView.setPresentation(presenting);
        if (presenting) {
            split.getItems().remove(jobsPane);
        } else if (!split.getItems().contains(jobsPane)) {
            split.getItems().add(jobsPane);
            split.setDividerPositions(0.8);
        }
        showBottom();
    }

    /** The demo's caption bar while a demo runs, else the status bar (none while presenting). */
    private void showBottom() {
        root.setBottom(demo != null ? demo.bar() : settings.presentationMode() ? null : statusBar);
    }

    /**
     * Starts the open project's guided demo ({@code demo.json} next to the project file, read on the io thread) at
     * its first step; a missing or invalid file opens the error dialog with its one-line reason.
     */
    public void startDemo() {
        startDemo(0);
    }

    /** As {@link #startDemo()}, at step {@code firstStep} (0-based; clamped to the demo's steps). */
    public void startDemo(int firstStep) {
        LoadedProject project = interpolation.projectProperty().get();
        if (project == null) {
            ErrorDialog.create("No guided demo", "Open a project first.", "").show();
            return;
        }
        Path file = DemoScript.fileFor(project.file());
        io.execute(() -> {
            try {
                DemoScript script = DemoScript.load(file);
                Platform.runLater(() -> {
                    startDemo(script);
                    for (int i = 0; i < firstStep; i++) {
                        demo.next();
                    }
                });
            } catch (Exception ex) {
                Platform.runLater(() -> ErrorDialog.create("Cannot start the guided demo", ex).show());
            }
        });
    }

    /** Starts {@code script} at its first step (ending a running demo first). FX thread. */
    public void startDemo(DemoScript script) {
        if (demo != null) {
            demo.end();
        }
        demo = new GuidedDemo(script, demoDirector);
        showBottom();
        demo.start();
    }

    /** The running guided demo, or null. */
    GuidedDemo demo() {
        return demo;
    }

    private void endDemo() {
        if (demo != null) {
            demo.end();
            demo = null;
            showBottom();
        }
    }

    private PresenterKeys.Actions presenterActions() {
        return new PresenterKeys.Actions() {
            @Override
            public boolean demoRunning() {
                return demo != null;
            }

            @Override
            public void demoNext() {
                demo.next();
            }

            @Override
            public void demoPrevious() {
                demo.previous();
            }

            @Override
            public void endDemo() {
                MainWindow.this.endDemo();
            }

            @Override
            public void startDemo() {
                MainWindow.this.startDemo();
            }

            @Override
            public void toggleFullScreen() {
                stage.setFullScreen(!stage.isFullScreen());
            }

            @Override
            public boolean fullScreen() {
                return stage.isFullScreen();
            }

            @Override
            public void togglePlay() {
                tabs.getSelectionModel().select(viewTabs.get(DemoScript.View.INTERPOLATION));
                interpolationView.togglePlay();
            }

            @Override
            public void stepAlpha(double delta) {
                interpolationView.stepAlpha(delta);
            }

            @Override
            public void nextView(int direction) {
                int n = tabs.getTabs().size();
                tabs.getSelectionModel().select(Math.floorMod(tabs.getSelectionModel().getSelectedIndex()
                        + direction, n));
            }
        };
    }

    private static String css(String name) {
        return MainWindow.class.getResource("/org/rftworkbench/ui/" + name).toExternalForm();
    }

    private void saveSettings() {
        UserSettings snapshot = settings.withWindow(stage.getWidth() > 0 ? stage.getWidth() : settings.width(),
                stage.getHeight() > 0 ? stage.getHeight() : settings.height());
        io.execute(() -> {
            try {
                snapshot.save(settingsFile);
            } catch (IOException ignored) {
                // settings are a convenience; failing to save them must not disturb the user's work
            }
        });
    }

    /** The File > New Project dialog (not yet shown). */
    public NewProjectDialog newProjectDialog() {
        return new NewProjectDialog(stage, io);
    }

    /**
     * Asks before closing while jobs the user started are running (previews and the background precompute do not
     * count); their finished cells are cached either way, so a later run resumes them.
     */
    private boolean confirmClose() {
        long running = jobs.runningUserJobs();
        if (running == 0) {
            return true;
        }
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, running + " job(s) still running. Quit and cancel "
                + "them? Finished cells are cached; running the job again resumes from them.", ButtonType.OK,
                ButtonType.CANCEL);
        alert.initOwner(stage);
        alert.setHeaderText("Jobs are running");
        return alert.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }

    /** Cancels the views' jobs (closing, switching the service). */
    private void cancelViews() {
        interpolation.cancelAll();
        sparsity.cancelAll();
        layers.cancel();
        correlation.cancel();
        study.cancel();
        plane.cancel();
        layerSearch.cancel();
    }

    /** Cancels jobs, saves settings and closes the service off the FX thread. */
    public void shutdown() {
        if (io.isShutdown()) {
            return;
        }
        cancelViews();
        study.shutdown();
        plane.shutdown();
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
