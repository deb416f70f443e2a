package org.rftworkbench.core.data;

import java.nio.file.Path;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.util.FileAccessException;

/** A dataset file or image could not be used; the message names the file and the problem. */
public class DataException extends RftException {
    private static final long serialVersionUID = 1L;

    public DataException(Path file, String problem) {
        super(at(file, problem));
    }

    public DataException(Path file, String problem, Throwable cause) {
        super(at(file, problem), cause);
    }

    /** For places that are not a plain file, e.g. "images.idx#17" (an image inside a container file). */
    public DataException(String location, String problem) {
        super(location + ": " + problem);
    }

    /** A file the policy refused to open: the refusal's message as is. */
    public DataException(FileAccessException refused) {
        super(refused.getMessage(), refused);
    }
}
