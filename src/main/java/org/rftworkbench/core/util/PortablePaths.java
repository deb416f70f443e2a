package org.rftworkbench.core.util;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * How a local path is written into an exported file (sweep JSON, figure metadata, sidecars) so that sending the file
 * to someone does not reveal the author's user name or folder layout: relative to the project folder with '/'
 * separators when the file is inside it, else {@code <outside project>/NAME}. Content hashes written beside the
 * paths identify the files. Stateless.
 */
public final class PortablePaths {
    /** Prefix of a file that is not inside the project folder: only its name is kept. */
    public static final String OUTSIDE = "<outside project>/";

    private PortablePaths() {
    }

    /**
     * {@code path} relative to {@code projectFolder}, or {@link #OUTSIDE} + its file name when it is not inside it
     * (or when there is no project folder). Relative inputs are taken against the working directory; null stays null;
     * a path already written in this form is returned unchanged.
     */
    public static String relative(Path projectFolder, String path) {
        if (path == null || path.startsWith(OUTSIDE)) {
            return path;
        }
        Path file;
        try {
            file = Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return OUTSIDE + lastSegment(path);
        }
        if (projectFolder != null) {
            Path folder = projectFolder.toAbsolutePath().normalize();
            if (file.startsWith(folder) && !file.equals(folder)) {
                return folder.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            }
        }
        Path name = file.getFileName();
        return OUTSIDE + (name == null ? "" : name.toString());
    }

    /** The folder of a project file given as a string (made absolute against the working directory), or null. */
    public static Path folderOf(String projectFile) {
        if (projectFile == null || projectFile.startsWith(OUTSIDE)) {
            return null;
        }
        try {
            return Path.of(projectFile).toAbsolutePath().normalize().getParent();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** {@code path} made absolute and normalised (what the explicit absolute-paths option writes); null stays null. */
    public static String absolute(Path path) {
        return path == null ? null : path.toAbsolutePath().normalize().toString();
    }

    private static String lastSegment(String path) {
        int cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(cut + 1);
    }
}
