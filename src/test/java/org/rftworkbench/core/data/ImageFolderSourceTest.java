package org.rftworkbench.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderSourceTest {
    @TempDir
    Path dir;

    private static Path resourceImage(String name) throws Exception {
        return PreprocessorParityTest.resource("data/images/" + name);
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }

    /** dogs/ and cats/ (created in the opposite order), a nested folder, upper-case and ignored files. */
    private Path sampleFolder() throws Exception {
        Path png = resourceImage("cls_a/gradient_37x23.png");
        Path jpg = resourceImage("cls_a/pattern_64x48.jpg");
        Path grey = resourceImage("cls_b/grey_28x28.png");
        Path root = dir.resolve("root");
        copy(png, root.resolve("dogs/b.png"));
        copy(jpg, root.resolve("dogs/a.JPG"));
        copy(grey, root.resolve("dogs/sub/0.png"));
        Files.writeString(root.resolve("dogs/notes.txt"), "not an image");
        copy(grey, root.resolve("cats/z.jpeg.png"));
        copy(jpg, root.resolve("cats/c.jpeg"));
        Files.writeString(root.resolve("README.md"), "top-level files are not classes");
        return root;
    }

    @Test
    void ordersLikeTorchvisionImageFolder() throws Exception {
        Path root = sampleFolder();
        ImageFolderSource source = ImageFolderSource.open(root);
        assertEquals("root", source.name());
        assertEquals(List.of("cats", "dogs"), source.classNames());
        List<String> order = new ArrayList<>();
        for (int i = 0; i < source.size(); i++) {
            order.add(root.relativize(source.file(i)).toString().replace('\\', '/') + "=" + source.label(i));
        }
        // class, then directory (the class folder before its sub-folders), then file name
        assertEquals(List.of("cats/c.jpeg=0", "cats/z.jpeg.png=0", "dogs/a.JPG=1", "dogs/b.png=1",
                "dogs/sub/0.png=1"), order);
    }

    @Test
    void readsImagesWithTheirChannels() throws Exception {
        ImageFolderSource source = ImageFolderSource.open(sampleFolder());
        DecodedImage jpeg = source.read(0);
        assertEquals(64, jpeg.width());
        assertEquals(48, jpeg.height());
        assertEquals(3, jpeg.channels());
        DecodedImage grey = source.read(1);
        assertEquals(1, grey.channels());
        assertEquals(28, grey.width());
        assertArrayEquals(ImageDecoding.read(resourceImage("cls_b/grey_28x28.png")).pixels(), grey.pixels());
    }

    @Test
    void unreadableImageNamesItsPath() throws Exception {
        Path root = sampleFolder();
        Path broken = root.resolve("cats/broken.png");
        Files.write(broken, new byte[] {1, 2, 3, 4, 5});
        ImageFolderSource source = ImageFolderSource.open(root);
        int index = -1;
        for (int i = 0; i < source.size(); i++) {
            if (source.file(i).equals(broken)) {
                index = i;
            }
        }
        int brokenIndex = index;
        DataException e = assertThrows(DataException.class, () -> source.read(brokenIndex));
        assertTrue(e.getMessage().startsWith(broken + ": "), e.getMessage());
        assertEquals(broken.toString(), source.location(brokenIndex));

        // a truncated real PNG fails too, also naming the file
        byte[] png = Files.readAllBytes(resourceImage("cls_a/gradient_37x23.png"));
        Path cut = root.resolve("cats/cut.png");
        Files.write(cut, java.util.Arrays.copyOf(png, png.length / 2));
        ImageFolderSource again = ImageFolderSource.open(root);
        for (int i = 0; i < again.size(); i++) {
            if (again.file(i).equals(cut)) {
                int cutIndex = i;
                DataException c = assertThrows(DataException.class, () -> again.read(cutIndex));
                assertTrue(c.getMessage().startsWith(cut + ": "), c.getMessage());
            }
        }
    }

    @Test
    void emptyDatasetAndEmptyClass() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        DataException e = assertThrows(DataException.class, () -> ImageFolderSource.open(empty));
        assertEquals(empty + ": dataset has no images (expected one sub-folder per class)", e.getMessage());

        Path root = sampleFolder();
        Path noImages = Files.createDirectory(root.resolve("birds"));
        Files.writeString(noImages.resolve("x.gif"), "gif is not supported");
        DataException c = assertThrows(DataException.class, () -> ImageFolderSource.open(root));
        assertEquals(noImages + ": class folder has no .png/.jpg/.jpeg images", c.getMessage());

        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        assertEquals(file + ": not a folder",
                assertThrows(DataException.class, () -> ImageFolderSource.open(file)).getMessage());
    }

    @Test
    void fingerprintChangesWhenAByteChanges() throws Exception {
        Path root = sampleFolder();
        String before = ImageFolderSource.open(root).contentFingerprint();
        assertEquals(before, ImageFolderSource.open(root, "other name").contentFingerprint());
        Path jpeg = root.resolve("cats/c.jpeg");
        byte[] bytes = Files.readAllBytes(jpeg);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(jpeg, bytes);
        String after = ImageFolderSource.open(root).contentFingerprint();
        assertNotEquals(before, after);

        // moving an image to another class changes the labels, hence the fingerprint
        Files.move(root.resolve("dogs/b.png"), root.resolve("cats/b.png"));
        assertNotEquals(after, ImageFolderSource.open(root).contentFingerprint());
    }
}
