package org.rftworkbench.core.project;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A project together with the file it was read from, so relative paths can be resolved. Immutable.
 *
 * @param file    absolute path of the project file
 * @param spec    its content (what project.json says)
 */
public record LoadedProject(Path file, ProjectSpec spec) {

    /** The folder relative paths are resolved against. */
    public Path dir() {
        return file.getParent();
    }

    /** Resolves a path from the project file against the project folder. */
    public Path resolve(String relative) {
        return dir().resolve(relative).normalize();
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
            return Files.readAllLines(path, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new ProjectException(path, "cannot read class names: " + e.getMessage(), e);
        }
    }
}
