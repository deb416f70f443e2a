package org.rftworkbench.ui.app;

import java.io.IOException;
import java.nio.file.Path;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.util.Duration;
import javax.imageio.ImageIO;

/**
 * Documentation and smoke-test aids, driven by system properties so that a plain launch never sees them:
 * {@code -Drft.snapshot=FILE.png} writes a snapshot of the window after {@code -Drft.snapshotAfterMs} (default 8000)
 * and {@code -Drft.exitAfterMs=N} quits after N ms. Used by tools/screenshots.sh and the installer smoke test.
 */
final class SnapshotHooks {
    private SnapshotHooks() {
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
