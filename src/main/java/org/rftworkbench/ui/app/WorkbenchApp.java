package org.rftworkbench.ui.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.stage.Stage;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;
import org.rftworkbench.ui.devtools.SnapshotHooks;

/**
 * The desktop app. {@link #init()} runs on the launcher thread, so settings are read and the compute service (which
 * starts the engine) is created there, never on the FX thread. Opens, in order of preference: the project given as
 * {@code -Drft.project=FILE}, the last project, or the bundled sample next to the working directory.
 */
public final class WorkbenchApp extends Application {
    private UserSettings settings;
    private Path settingsFile;
    private ComputeService service;
    private Path initialProject;
    private MainWindow window;

    @Override
    public void init() {
        settingsFile = UserSettings.defaultFile();
        settings = SnapshotHooks.settings(UserSettings.load(settingsFile));
        service = new EmbeddedComputeService(EmbeddedComputeService.Settings.defaults());
        initialProject = chooseInitialProject(settings, getParameters().getRaw());
    }

    static Path chooseInitialProject(UserSettings settings, List<String> args) {
        String explicit = System.getProperty("rft.project");
        if (explicit != null) {
            return Path.of(explicit);
        }
        if (!args.isEmpty()) {
            return Path.of(args.get(0));
        }
        if (settings.lastProject() != null && Files.isRegularFile(Path.of(settings.lastProject()))) {
            return Path.of(settings.lastProject());
        }
        return MainWindow.defaultProject();
    }

    @Override
    public void start(Stage stage) {
        window = new MainWindow(stage, service, settings, settingsFile);
        SnapshotHooks.startup(window.layers());
        SnapshotHooks.newProjectDialog(window);
        SnapshotHooks.demo(window);
        SnapshotHooks.planePoint(window.plane());
        stage.show();
        if (initialProject != null) {
            window.openProject(initialProject);
        }
        SnapshotHooks.install(stage.getScene(), window::shutdown);
    }

    @Override
    public void stop() {
        if (window != null) {
            window.shutdown();
        }
    }
}
