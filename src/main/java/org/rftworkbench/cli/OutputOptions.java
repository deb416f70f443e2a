package org.rftworkbench.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.rftworkbench.core.RftException;
import picocli.CommandLine.Option;

/**
 * {@code --out FILE} and {@code --csv FILE} (a picocli mixin) of the computing commands. {@link #check()} runs before
 * any computing, so a result is never computed only to be lost because its file cannot be written.
 */
final class OutputOptions {
    @Option(names = "--out", paramLabel = "FILE", description = "Write the result (with its settings) as JSON.")
    Path out;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write the result as tidy CSV.")
    Path csv;

    /** Refuses --out or --csv naming a folder or a place that cannot be written. */
    void check() throws RftException {
        checkWritable(out);
        checkWritable(csv);
    }

    /**
     * One line naming the file when it is a folder, a read-only file, or lies below a file or a folder that cannot
     * be written (missing folders are created when the file is written). Null is fine.
     */
    static void checkWritable(Path file) throws RftException {
        if (file == null) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw new RftException(RftException.at(file, "is a folder; give a file name"));
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new RftException(RftException.at(file, "cannot be written (read-only)"));
        }
        Path dir = file.toAbsolutePath().getParent();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new RftException(RftException.at(file, "cannot be written: " + dir + " is a file, not a folder"));
        }
        if (!Files.isWritable(dir)) {
            throw new RftException(RftException.at(file, "cannot be written: folder " + dir + " is not writable"));
        }
    }
}
