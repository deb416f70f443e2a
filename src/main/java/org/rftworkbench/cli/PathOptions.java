package org.rftworkbench.cli;

import java.nio.file.Path;
import org.rftworkbench.core.util.PortablePaths;
import picocli.CommandLine.Option;

/**
 * {@code --absolute-paths} (a picocli mixin) for commands whose output files record where their inputs came from.
 * By default paths are written relative to the project folder ({@link PortablePaths}), so a file sent to someone
 * does not carry the user's folder names; content hashes identify the files.
 */
final class PathOptions {
    @Option(names = "--absolute-paths", description = "Write absolute local paths of the project, checkpoints and "
            + "input files into the outputs (default: relative to the project folder, plus content hashes).")
    boolean absolutePaths;

    /** How {@code file} is written into an output of a project in {@code projectFolder}. */
    String write(Path projectFolder, Path file) {
        return absolutePaths ? PortablePaths.absolute(file)
                : PortablePaths.relative(projectFolder, PortablePaths.absolute(file));
    }

    /** How an input file of a command without a project is written: its name, or its absolute path if asked for. */
    String writeName(Path file) {
        Path name = file.toAbsolutePath().normalize().getFileName();
        return absolutePaths || name == null ? PortablePaths.absolute(file) : name.toString();
    }

    /** The SHA-256 of a file the command has read, or null if it cannot be read again. */
    static String sha256(Path file) {
        try {
            return org.rftworkbench.core.util.Hashing.sha256(file);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
