package org.rftworkbench.core;

import java.nio.file.Path;

/**
 * A problem the user can act on. {@link #getMessage()} is one line that names the file (when there is one) and
 * the problem, and is safe to show as is in the CLI or a dialog; the cause, if any, is for {@code --debug}.
 */
public class RftException extends Exception {
    private static final long serialVersionUID = 1L;

    public RftException(String message) {
        super(message);
    }

    public RftException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "FILE: problem", the format every user-facing error uses. */
    public static String at(Path file, String problem) {
        return file + ": " + problem;
    }
}
