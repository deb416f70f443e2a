package org.rftworkbench.core.data;

import java.nio.file.Path;
import org.rftworkbench.core.RftException;

/** A dataset file or image could not be used; the message names the file and the problem. */
public class DataException extends RftException {
    private static final long serialVersionUID = 1L;

    public DataException(Path file, String problem) {
        super(at(file, problem));
    }

    public DataException(Path file, String problem, Throwable cause) {
        super(at(file, problem), cause);
    }
}
