package org.rftworkbench.core.util;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, at the moment a file or folder is opened, whether it may be: the desktop app and the CLI read whatever
 * the user names ({@link #ALLOW_ALL}); {@code serve} confines every job to its roots ({@link #within}), resolving
 * symbolic links on every open, so a link inside a root that points outside is refused even when it was created
 * after the request was checked.
 *
 * <p>Callers open the path {@link #check} returns (the real path under confinement), not the one they passed in, so
 * that a link swapped between the check and the open cannot redirect the read. Implementations are immutable and
 * thread-safe.
 */
@FunctionalInterface
public interface FileAccessPolicy {
    /** No restriction: returns the path as given and touches no file (the default everywhere but the server). */
    FileAccessPolicy ALLOW_ALL = file -> file;

    /**
     * Checks a file or folder that is about to be opened.
     *
     * @return the path to open: {@code file} itself, or its real path when links are resolved
     * @throws FileAccessException when the file may not be opened (outside the allowed folders, or missing when its
     *                             location cannot be established); the message names {@code file}
     */
    Path check(Path file) throws FileAccessException;

    /**
     * Only files whose real path (every symbolic link resolved) lies inside one of {@code roots}. A file that does
     * not exist is refused as "not found" (its real location cannot be known).
     *
     * @param roots existing folders; kept as their real paths
     * @throws IOException when a root cannot be resolved
     */
    static FileAccessPolicy within(List<Path> roots) throws IOException {
        List<Path> real = new ArrayList<>();
        for (Path root : roots) {
            real.add(root.toRealPath());
        }
        List<Path> allowed = List.copyOf(real);
        return new FileAccessPolicy() {
            @Override
            public Path check(Path file) throws FileAccessException {
                Path resolved;
                try {
                    resolved = file.toRealPath();
                } catch (NoSuchFileException e) {
                    throw new FileAccessException(file, "not found");
                } catch (FileSystemLoopException e) {
                    throw new FileAccessException(file, "symbolic links form a loop");
                } catch (IOException e) {
                    throw new FileAccessException(file, "cannot resolve its location ("
                            + (e.getMessage() == null ? "I/O error" : e.getMessage()) + ")");
                }
                for (Path root : allowed) {
                    if (resolved.startsWith(root)) {
                        return resolved;
                    }
                }
                // The real location is not named: it is outside the roots, and the client may not learn about it.
                throw new FileAccessException(file, "leads outside the server's roots (through a symbolic link);"
                        + " copy the data into a root or add its folder as a --root");
            }

            @Override
            public String toString() {
                return "within " + allowed;
            }
        };
    }

}
