package org.rftworkbench.core.util;

import java.nio.file.Path;
import org.rftworkbench.core.RftException;

/** A {@link FileAccessPolicy} refused a file; the message names the file and why, in one line. */
public class FileAccessException extends RftException {
    private static final long serialVersionUID = 1L;

    public FileAccessException(Path file, String problem) {
        super(at(file, problem));
    }

    public FileAccessException(Path file, String problem, Throwable cause) {
        super(at(file, problem), cause);
    }
}
