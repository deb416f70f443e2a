package org.rftworkbench.core.project;

import java.nio.file.Path;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.util.FileAccessException;

/** A project file could not be read or written; the message names the file and the problem. */
public class ProjectException extends RftException {
    private static final long serialVersionUID = 1L;

    public ProjectException(Path file, String problem) {
        super(at(file, problem));
    }

    public ProjectException(Path file, String problem, Throwable cause) {
        super(at(file, problem), cause);
    }

    /** A file the policy refused to open: the refusal's message as is. */
    public ProjectException(FileAccessException refused) {
        super(refused.getMessage(), refused);
    }
}
