package org.rftworkbench.ui.app;

import javafx.application.Application;

/** Starts the JavaFX desktop app and turns a missing display into one clear line instead of a stack trace. */
public final class DesktopLauncher {
    private DesktopLauncher() {
    }

    /** Blocks until the window is closed; returns the process exit code. */
    public static int launch(String[] args) {
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
}
