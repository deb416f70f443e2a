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
 * @param project its content
 */
public record LoadedProject(Path file, Project project) {

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
        if (project.classes() != null) {
            return project.classes();
        }
        if (project.classesFile() == null) {
            throw new ProjectException(file, "project names no classes (classes or classesFile)");
        }
        Path path = resolve(project.classesFile());
        try {
            return Files.readAllLines(path, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new ProjectException(path, "cannot read class names: " + e.getMessage(), e);
        }
    }
}
