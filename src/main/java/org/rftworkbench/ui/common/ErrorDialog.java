package org.rftworkbench.ui.common;

import java.io.PrintWriter;
import java.io.StringWriter;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.VBox;
import org.rftworkbench.core.RftException;

/** Error dialog: a one-line summary the user can act on, expandable details, and a button that copies them. */
public final class ErrorDialog {
    private ErrorDialog() {
    }

    /** Builds (does not show) the dialog; call on the FX thread. */
    public static Alert create(String title, Throwable error) {
        return create(title, summary(error), details(error));
    }

    /** Builds (does not show) the dialog with a summary line and details text; call on the FX thread. */
    public static Alert create(String title, String summary, String details) {
        Alert alert = new Alert(Alert.AlertType.ERROR, summary, ButtonType.CLOSE);
        alert.setTitle(title);
        alert.setHeaderText(title);
        TextArea text = new TextArea(details);
        text.setEditable(false);
        text.setWrapText(false);
        text.setPrefRowCount(12);
        Button copy = new Button("Copy details");
        copy.setId("copyDetails");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(summary + "\n\n" + details);
            Clipboard.getSystemClipboard().setContent(content);
        });
        alert.getDialogPane().setExpandableContent(new VBox(6, copy, text));
        alert.getDialogPane().setId("errorDialog");
        return alert;
    }

    /** The message users see first: the RftException's one line, else the exception's class and message. */
    public static String summary(Throwable error) {
        Throwable t = unwrap(error);
        if (t instanceof RftException) {
            return t.getMessage();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static String details(Throwable error) {
        StringWriter w = new StringWriter();
        unwrap(error).printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
