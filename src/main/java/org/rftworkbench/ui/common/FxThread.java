package org.rftworkbench.ui.common;

import java.util.concurrent.Executor;
import javafx.application.Platform;

/**
 * Where view-models apply results: on the JavaFX thread in the app, inline in unit tests. Capture on FX, compute
 * off FX, apply on FX.
 */
public final class FxThread {
    private FxThread() {
    }

    /** Runs on the FX thread (immediately when already on it). */
    public static final Executor FX = command -> {
        if (Platform.isFxApplicationThread()) {
            command.run();
        } else {
            Platform.runLater(command);
        }
    };

    /** For tests of view-models: runs the command on the calling thread. */
    public static final Executor INLINE = Runnable::run;
}
