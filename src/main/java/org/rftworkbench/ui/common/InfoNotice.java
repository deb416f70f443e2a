package org.rftworkbench.ui.common;

import javafx.geometry.Pos;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/**
 * A short "done" notice in the top-right corner of a window (a job finished, files exported). ControlsFX's
 * {@code showInformation()} loads its icon anew each time on the calling thread, the FX thread, and JavaFX probes
 * the icon's jar URL as a file path first ({@code File.exists}); here the same icon is loaded once, in the
 * background, and reused. Call on the JavaFX Application Thread.
 */
public final class InfoNotice {
    /** Shown for this long, then faded out. */
    public static final Duration SHOWN_FOR = Duration.seconds(4);

    private static Image icon; // FX thread only

    private InfoNotice() {
    }

    /**
     * At most this many notices stack up; beyond it they collapse into one. A study finishes a job every few
     * seconds per run, and an unbounded stack ran off the bottom of the screen (which Monocle's headless painter,
     * in tests, does not survive).
     */
    static final int MAX_STACKED = 3;

    /** Shows {@code text} under {@code title}, owned by {@code owner} (may be null: the focused window). */
    public static void show(Window owner, String title, String text) {
        Notifications.create()
                .position(Pos.TOP_RIGHT).title(title).text(text).hideAfter(SHOWN_FOR).owner(owner)
                .graphic(new ImageView(icon()))
                .threshold(MAX_STACKED, Notifications.create().position(Pos.TOP_RIGHT).title(title)
                        .text("several jobs finished: see the Jobs panel").hideAfter(SHOWN_FOR).owner(owner)
                        .graphic(new ImageView(icon())))
                .show();
    }

    /** The shared icon (loaded once, in the background). */
    static Image icon() {
        if (icon == null) {
            String url = Notifications.class.getResource("/org/controlsfx/dialog/dialog-information.png")
                    .toExternalForm();
            icon = new Image(url, true); // true: decoded on a loader thread, not this one
        }
        return icon;
    }
}
