package org.rftworkbench.ui.common;

import javafx.animation.AnimationTimer;

/**
 * Runs an action at most once per JavaFX pulse however often it is requested in between, at the start of the next
 * pulse (before layout and rendering, so its changes show in that frame). For redraws that follow fast-changing
 * state: a slider dragged at 60 Hz and estimates arriving for every dataset would otherwise redraw a chart several
 * times per frame on the FX thread. Use on the FX thread only.
 */
public final class OncePerPulse {
    private final Runnable action;
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            runIfPending();
        }
    };
    private boolean pending;

    public OncePerPulse(Runnable action) {
        this.action = action;
    }

    /** Asks for the action in the next pulse; further requests before then add nothing. */
    public void request() {
        if (!pending) {
            pending = true;
            timer.start();
        }
    }

    /** Runs the action now if it was requested and has not run yet (e.g. before taking a snapshot). */
    public void runIfPending() {
        if (pending) {
            pending = false;
            timer.stop();
            action.run();
        }
    }
}
