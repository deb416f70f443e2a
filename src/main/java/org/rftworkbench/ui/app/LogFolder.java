package org.rftworkbench.ui.app;

import java.awt.Desktop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javafx.application.Platform;
import javafx.scene.control.MenuItem;
import org.rftworkbench.core.util.Logging;
import org.rftworkbench.ui.common.ErrorDialog;

/**
 * Help > Open Log Folder: shows the folder with the desktop app's log files ({@link Logging#defaultLogDir()}) in the
 * system's file manager. The folder is created and the file manager started on a short-lived daemon thread, never on
 * the FX thread; if no file manager can be started, a dialog names the folder instead.
 */
final class LogFolder {
    private LogFolder() {
    }

    static MenuItem menuItem() {
        MenuItem item = new MenuItem("Open Log Folder");
        item.setOnAction(e -> open(Logging.defaultLogDir()));
        return item;
    }

    static void open(Path dir) {
        Thread t = new Thread(() -> {
            try {
                Files.createDirectories(dir);
                show(dir);
            } catch (IOException | RuntimeException e) {
                Platform.runLater(() -> ErrorDialog.create("Open Log Folder",
                        "Cannot open the log folder " + dir + " (" + e.getMessage() + ")", dir.toString()).show());
            }
        }, "open-log-folder");
        t.setDaemon(true);
        t.start();
    }

    private static void show(Path dir) throws IOException {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if ((os.contains("mac") || os.contains("win")) && Desktop.isDesktopSupported()
                && Desktop.getDesktop().isSupported(Desktop.Action.OPEN)) {
            Desktop.getDesktop().open(dir.toFile());
            return;
        }
        // Linux and the rest: xdg-open, the freedesktop way, rather than AWT's Desktop (which needs GNOME libraries
        // and would bring up AWT's GTK next to JavaFX's)
        new ProcessBuilder("xdg-open", dir.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
}
