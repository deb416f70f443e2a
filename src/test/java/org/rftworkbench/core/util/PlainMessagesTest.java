package org.rftworkbench.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.data.DataException;
import org.rftworkbench.core.data.ImageFolderSource;
import org.rftworkbench.core.project.ProjectException;
import org.rftworkbench.core.project.ProjectStore;

/** Errors users read name the field or file in plain words, never a Java class. */
class PlainMessagesTest {
    /** A Java class name as it would leak: qualified, an inner class ($), or a ...Exception word. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\$|org\\.rftworkbench|java\\.|Exception|JsonToken");

    @TempDir
    Path dir;

    private static void assertPlain(String message) {
        assertFalse(CLASS_NAME.matcher(message).find(), message);
        assertEquals(1, message.lines().count(), message);
    }

    private Path project(String alphaGrid, String role) throws Exception {
        Path file = dir.resolve("project.json");
        Files.writeString(file, """
                {"formatVersion": 1, "name": "p", "model": {"builtin": "ViT-B-32"},
                 "endpointA": {"path": "a.safetensors"}, "endpointB": {"path": "b.safetensors"},
                 "classes": ["x", "y"], "preprocess": {"imageSize": 28},
                 "datasets": [{"name": "id", "role": "%s", "format": "idx", "images": "i.gz", "labels": "l.gz"}],
                 "alphaGrid": %s}
                """.formatted(role, alphaGrid));
        return file;
    }

    @Test
    void malformedAlphaGridNamesTheFieldNotTheRecordClass() throws Exception {
        ProjectException e = assertThrows(ProjectException.class,
                () -> ProjectStore.load(project("[0, 0.5, 1]", "id")));
        assertPlain(e.getMessage());
        assertTrue(e.getMessage().contains("field 'alphaGrid': expected an object with fields, found a list"),
                e.getMessage());
    }

    @Test
    void wrongKindsOfValuesAreSaidInWords() throws Exception {
        ProjectException role = assertThrows(ProjectException.class,
                () -> ProjectStore.load(project("{\"start\": 0, \"stop\": 1, \"step\": 0.5}", "train")));
        assertPlain(role.getMessage());
        assertTrue(role.getMessage().contains("field 'datasets[0].role': 'train' is not one of id, ood, sharpness"),
                role.getMessage());
        ProjectException step = assertThrows(ProjectException.class,
                () -> ProjectStore.load(project("{\"start\": 0, \"stop\": 1, \"step\": [1]}", "id")));
        assertPlain(step.getMessage());
        assertTrue(step.getMessage().contains("field 'alphaGrid.step': expected a number, found a list"),
                step.getMessage());
    }

    @Test
    void folderThatLoopsIsSaidInWords() throws Exception {
        Path root = dir.resolve("images");
        Files.createDirectories(root.resolve("cats"));
        Files.write(root.resolve("cats/a.png"), new byte[] {1});
        Files.createSymbolicLink(root.resolve("cats/again"), root.resolve("cats"));
        DataException e = assertThrows(DataException.class, () -> ImageFolderSource.open(root));
        assertPlain(e.getMessage());
        assertTrue(e.getMessage().contains("folder loops back on itself through a link"), e.getMessage());
    }

    @Test
    void ioExceptionsAndTheirToStringsBecomeWords() {
        assertEquals("not found: /x/y", PlainMessages.of(new UncheckedIOException(new NoSuchFileException("/x/y"))));
        assertEquals("folder loops back on itself through a link: /l",
                PlainMessages.of(new FileSystemLoopException("/l")));
        assertEquals("cannot list folder: folder loops back on itself through a link: /l",
                PlainMessages.scrub("cannot list folder: java.nio.file.FileSystemLoopException: /l"));
        assertEquals("Cannot deserialize value of type AlphaGrid from Array value",
                PlainMessages.scrub("Cannot deserialize value of type `org.rftworkbench.core.project.ProjectSpec$AlphaGrid`"
                        + " from Array value (token `JsonToken.START_ARRAY`)"));
        assertEquals("unexpected failure", PlainMessages.of(new NullPointerException()));
    }
}
