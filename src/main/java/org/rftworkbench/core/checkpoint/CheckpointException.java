package org.rftworkbench.core.checkpoint;

import java.nio.file.Path;
import org.rftworkbench.core.RftException;

/** A checkpoint file could not be read safely; the message names the file and the problem. */
public class CheckpointException extends RftException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(Path file, String problem) {
        super(at(file, problem));
    }

    public CheckpointException(Path file, String problem, Throwable cause) {
        super(at(file, problem), cause);
    }
}
