package org.rftworkbench.ui.app;

import java.io.IOException;
import java.nio.file.Path;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.scene.Scene;
import javafx.scene.control.TabPane;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.ui.layers.LayersViewModel;
import javafx.scene.image.WritableImage;
import javafx.util.Duration;
import javax.imageio.ImageIO;

/**
 * Documentation and smoke-test aids, driven by system properties so that a plain launch never sees them:
 * {@code -Drft.snapshot=FILE.png} writes a snapshot of the window after {@code -Drft.snapshotAfterMs} (default 8000)
 * and {@code -Drft.exitAfterMs=N} quits after N ms; {@code -Drft.tab=layers|correlation} selects that tab at start
 * and {@code -Drft.autorun=true} starts the Layers view's computation once the project is open (screenshots of a
 * filled heatmap), then shows the detail of layer {@code -Drft.layer} if given. Used by tools/screenshots.sh and the installer smoke test.
 */
final class SnapshotHooks {
    private SnapshotHooks() {
    }

    /** Applies {@code rft.tab} and {@code rft.autorun} (no-ops when unset). */
    static void startup(TabPane tabs, LayersViewModel layers) {
        String tab = System.getProperty("rft.tab");
        if (tab != null) {
            tabs.getTabs().stream().filter(t -> ("tab-" + tab).equals(t.getId())).findFirst()
                    .ifPresent(t -> tabs.getSelectionModel().select(t));
        }
        if (Boolean.getBoolean("rft.autorun")) {
            layers.projectProperty().addListener(new ChangeListener<LoadedProject>() {
                @Override
                public void changed(ObservableValue<? extends LoadedProject> obs, LoadedProject old,
                        LoadedProject now) {
                    if (now != null) {
                        obs.removeListener(this);
                        layers.compute();
                        layers.selectedGroupProperty().set(System.getProperty("rft.layer"));
                    }
                }
            });
        }
    }

    static void install(Scene scene, Runnable shutdown) {
        String snapshot = System.getProperty("rft.snapshot");
        if (snapshot != null) {
            PauseTransition wait = new PauseTransition(Duration.millis(Long.getLong("rft.snapshotAfterMs", 8000)));
            wait.setOnFinished(e -> {
                WritableImage image = scene.snapshot(null);
                var buffered = SwingFXUtils.fromFXImage(image, null);
                Thread writer = new Thread(() -> {
                    try {
                        ImageIO.write(buffered, "png", Path.of(snapshot).toFile());
                    } catch (IOException ex) {
                        System.err.println("error: cannot write snapshot " + snapshot + ": " + ex.getMessage());
                    }
                }, "snapshot-writer");
                writer.start();
            });
            wait.play();
        }
        Long exitAfter = Long.getLong("rft.exitAfterMs");
        if (exitAfter != null) {
            PauseTransition wait = new PauseTransition(Duration.millis(exitAfter));
            wait.setOnFinished(e -> {
                shutdown.run();
                Platform.exit();
            });
            wait.play();
        }
    }
}
