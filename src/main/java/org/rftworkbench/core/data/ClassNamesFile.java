package org.rftworkbench.core.data;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a classes.txt file: UTF-8, one class name per line in label order (line 1 is label 0), surrounding
 * whitespace trimmed, trailing blank lines ignored. A blank line in the middle or a repeated name is an error,
 * because it would silently shift or merge labels.
 */
public final class ClassNamesFile {
    private ClassNamesFile() {
    }

    public static List<String> read(Path file) throws DataException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new DataException(file, "not UTF-8 text", e);
        } catch (IOException e) {
            throw new DataException(file, "cannot read: " + e.getMessage(), e);
        }
        int last = lines.size();
        while (last > 0 && lines.get(last - 1).isBlank()) {
            last--;
        }
        List<String> names = new ArrayList<>(last);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < last; i++) {
            String name = lines.get(i).strip();
            if (name.isEmpty()) {
                throw new DataException(file, "line " + (i + 1) + " is blank (one class name per line)");
            }
            if (!seen.add(name)) {
                throw new DataException(file, "line " + (i + 1) + " repeats class name '" + name + "'");
            }
            names.add(name);
        }
        if (names.isEmpty()) {
            throw new DataException(file, "no class names (expected one per line)");
        }
        return List.copyOf(names);
    }
}
