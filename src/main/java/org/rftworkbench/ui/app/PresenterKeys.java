package org.rftworkbench.ui.app;

import javafx.event.EventHandler;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * The keys a presenter needs, anywhere in the window (a scene-level filter, so no control has to have the focus):
 * F11 full screen; during a guided demo Right / Page Down (what a clicker sends) and Left / Page Up step, Esc ends
 * it; otherwise Esc leaves full screen; P (or Space, unless a button has the focus) plays or pauses the alpha sweep;
 * + and - step alpha by 0.05; V shows the next view (Shift+V the previous). Typing in a text field is left alone,
 * and so is any key with Ctrl, Alt or Meta (the menus' accelerators). FX thread only.
 */
final class PresenterKeys implements EventHandler<KeyEvent> {
    /** Alpha step of + and -, as the slider's arrow keys. */
    static final double ALPHA_STEP = 0.05;
    /** The help text of Help > Keyboard Shortcuts. */
    static final String HELP = String.join("\n",
            "F11  full screen on/off (Esc leaves it)",
            "P or Space  play / pause the alpha sweep",
            "+ / -  alpha up / down by 0.05 (arrow keys on the slider: 0.05, Shift+arrows: 0.01)",
            "V / Shift+V  next / previous view",
            "F5  start the project's guided demo (demo.json next to the project file)",
            "During a demo: → or Page Down  next step, ← or Page Up  previous step, Esc  end the demo");

    /** What the keys do to the window. */
    interface Actions {
        boolean demoRunning();

        void demoNext();

        void demoPrevious();

        void endDemo();

        void startDemo();

        void toggleFullScreen();

        boolean fullScreen();

        void togglePlay();

        void stepAlpha(double delta);

        void nextView(int direction);
    }

    private final Actions actions;

    private PresenterKeys(Actions actions) {
        this.actions = actions;
    }

    /** Installs the keys on the scene (as a filter: they work whatever has the focus). */
    static PresenterKeys install(Scene scene, Actions actions) {
        PresenterKeys keys = new PresenterKeys(actions);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, keys);
        return keys;
    }

    @Override
    public void handle(KeyEvent e) {
        if (e.isControlDown() || e.isAltDown() || e.isMetaDown() || e.isShortcutDown()) {
            return;
        }
        Node focus = e.getTarget() instanceof Node n ? n : null;
        if (e.getCode() == KeyCode.F11) {
            actions.toggleFullScreen();
            e.consume();
            return;
        }
        if (e.getCode() == KeyCode.ESCAPE) {
            if (actions.demoRunning()) {
                actions.endDemo();
                e.consume();
            } else if (actions.fullScreen()) {
                actions.toggleFullScreen();
                e.consume();
            }
            return;
        }
        if (focus instanceof TextInputControl || focus instanceof ComboBoxBase<?>) {
            return;
        }
        if (actions.demoRunning()) {
            switch (e.getCode()) {
                case RIGHT, PAGE_DOWN -> {
                    actions.demoNext();
                    e.consume();
                    return;
                }
                case LEFT, PAGE_UP -> {
                    actions.demoPrevious();
                    e.consume();
                    return;
                }
                default -> {
                }
            }
        }
        switch (e.getCode()) {
            case F5 -> actions.startDemo();
            case P -> actions.togglePlay();
            case SPACE -> {
                if (focus instanceof ButtonBase) {
                    return; // the focused button's own Space
                }
                actions.togglePlay();
            }
            case PLUS, EQUALS, ADD -> actions.stepAlpha(ALPHA_STEP);
            case MINUS, SUBTRACT -> actions.stepAlpha(-ALPHA_STEP);
            case V -> actions.nextView(e.isShiftDown() ? -1 : 1);
            default -> {
                return;
            }
        }
        e.consume();
    }
}
