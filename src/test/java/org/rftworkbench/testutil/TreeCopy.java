package org.rftworkbench.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies a folder tree, e.g. a sample project a test may modify (its project file gains a validation split). */
public final class TreeCopy {
    private TreeCopy() {
    }

    /** Copies {@code source} to {@code target} (created) and returns {@code target}. */
    public static Path of(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path t = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return target;
    }
}
