package org.rftworkbench.ui.app;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import javafx.application.Application;
import org.rftworkbench.core.util.Logging;

/** Starts the JavaFX desktop app and turns a missing display into one clear line instead of a stack trace. */
public final class DesktopLauncher {
    private DesktopLauncher() {
    }

    /** Blocks until the window is closed; returns the process exit code. */
    public static int launch(String[] args) {
        logToFile();
        if (System.getProperty("javafx.cachedir") == null) {
            // keep JavaFX's extracted native libraries next to our other caches instead of ~/.openjfx
            System.setProperty("javafx.cachedir",
                    org.rftworkbench.core.engine.Engines.defaultCacheDir().resolve("openjfx").toString());
        }
        try {
            Application.launch(WorkbenchApp.class, args);
            return 0;
        } catch (UnsupportedOperationException | IllegalStateException e) {
            System.err.println("error: cannot open the desktop window (" + e.getMessage()
                    + "); is a display available? The command line works without one: rft-workbench --help");
            return 2;
        }
    }

    /**
     * The window has no console: logs go to a new file in {@link Logging#defaultLogDir()} (the oldest beyond
     * {@link Logging#KEEP_FILES} are deleted; Help > Open Log Folder shows them). Runs before any logger exists. If the
     * folder cannot be written, logging stays on stderr, with the shipped quiet levels.
     */
    private static void logToFile() {
        try {
            Path file = Logging.newLogFile(Logging.defaultLogDir(), LocalDateTime.now(), ProcessHandle.current().pid());
            Logging.toFile(file);
        } catch (IOException | RuntimeException e) {
            System.err.println("warning: cannot write a log file in " + Logging.defaultLogDir() + " (" + e.getMessage()
                    + "); logging to stderr");
        }
    }
}
