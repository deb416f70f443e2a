package org.rftworkbench.core.project;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rftworkbench.core.util.FileAccessException;
import org.rftworkbench.core.util.FileAccessPolicy;

/**
 * A project together with the file it was read from, so relative paths can be resolved, and the policy that every
 * file it names is opened under. Immutable.
 *
 * @param file    absolute path of the project file
 * @param spec    its content (what project.json says)
 * @param access  checked when a file the project names is opened ({@link #checked}); {@code serve} confines it to
 *                the server's roots, elsewhere it is {@link FileAccessPolicy#ALLOW_ALL}
 */
public record LoadedProject(Path file, ProjectSpec spec, FileAccessPolicy access) {
    public LoadedProject {
        access = access == null ? FileAccessPolicy.ALLOW_ALL : access;
    }

    /** A project whose files may be read wherever they are (desktop app, CLI). */
    public LoadedProject(Path file, ProjectSpec spec) {
        this(file, spec, FileAccessPolicy.ALLOW_ALL);
    }

    /**
     * This project with the run labelled {@code label} as endpoint B of the selected pair (null = as the file says:
     * its {@code selectedRun}, else the first run).
     *
     * @throws ProjectException naming this file and listing the labels when no run has that label
     */
    public LoadedProject withSelectedRun(String label) throws ProjectException {
        if (label == null) {
            return this;
        }
        try {
            return new LoadedProject(file, spec.withSelectedRun(label), access);
        } catch (IllegalArgumentException e) {
            throw new ProjectException(file, e.getMessage());
        }
    }

    /** The folder relative paths are resolved against. */
    public Path dir() {
        return file.getParent();
    }

    /** Resolves a path from the project file against the project folder. */
    public Path resolve(String relative) {
        return dir().resolve(relative).normalize();
    }

    /**
     * Resolves a path from the project file and checks it against {@link #access()} just before it is opened.
     *
     * @return the path to open (under confinement, its real path)
     * @throws FileAccessException when the policy refuses it
     */
    public Path checked(String relative) throws FileAccessException {
        return access.check(resolve(relative));
    }

    /** The head class names, inline or from the classes file. */
    public List<String> classNames() throws ProjectException {
        if (spec.classes() != null) {
            return spec.classes();
        }
        if (spec.classesFile() == null) {
            throw new ProjectException(file, "project names no classes (classes or classesFile)");
        }
        Path path = resolve(spec.classesFile());
        try {
            path = access.check(path);
        } catch (FileAccessException e) {
            throw new ProjectException(e);
        }
        try {
            return Files.readAllLines(path, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new ProjectException(path, "cannot read class names: " + e.getMessage(), e);
        }
    }
}
