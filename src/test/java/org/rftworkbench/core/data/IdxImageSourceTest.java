package org.rftworkbench.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxImageSourceTest {
    private static final List<String> THREE = List.of("zero", "one", "two");

    @TempDir
    Path dir;

    @Test
    void readsPlainIdx() throws Exception {
        Path[] files = IdxTestFiles.writePair(dir, 5, 3, 4, 3, false);
        IdxImageSource source = IdxImageSource.open("tiny", files[0], files[1], THREE);
        assertEquals(5, source.size());
        assertEquals(3, source.rows());
        assertEquals(4, source.cols());
        assertEquals(THREE, source.classNames());
        assertEquals(2, source.label(2));
        assertEquals(0, source.label(3));
        DecodedImage image = source.read(2);
        assertEquals(4, image.width());
        assertEquals(3, image.height());
        assertEquals(1, image.channels());
        byte[] expected = Arrays.copyOfRange(IdxTestFiles.imagesPayload(5, 3, 4), 2 * 12, 3 * 12);
        assertArrayEquals(expected, image.pixels());
        assertEquals(2 * 31 + 1 * 4 + 3, image.sample(3, 1, 0)); // row 1, column 3
        assertTrue(source.allGreyscale());
        assertEquals(files[0] + "#4", source.location(4));
    }

    @Test
    void gzipIsDetectedFromContentNotName() throws Exception {
        Path plainDir = Files.createDirectory(dir.resolve("plain"));
        Path gzDir = Files.createDirectory(dir.resolve("gz"));
        Path[] plain = IdxTestFiles.writePair(plainDir, 4, 2, 2, 3, false);
        Path[] gz = IdxTestFiles.writePair(gzDir, 4, 2, 2, 3, true); // named .idx although gzipped
        assertEquals(0x1f, Files.readAllBytes(gz[0])[0] & 0xFF);
        IdxImageSource a = IdxImageSource.open("a", plain[0], plain[1], THREE);
        IdxImageSource b = IdxImageSource.open("b", gz[0], gz[1], THREE);
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(a.read(i).pixels(), b.read(i).pixels());
            assertEquals(a.label(i), b.label(i));
        }
        // same decoded content, same fingerprint, whatever the compression
        assertEquals(a.contentFingerprint(), b.contentFingerprint());
    }

    @Test
    void classNamesFromFile() throws Exception {
        Path[] files = IdxTestFiles.writePair(dir, 3, 2, 2, 3, false);
        Path classes = Files.writeString(dir.resolve("classes.txt"), "T-shirt/top\r\nTrouser\n  Pullover \n\n");
        IdxImageSource source = IdxImageSource.open("c", files[0], files[1], classes);
        assertEquals(List.of("T-shirt/top", "Trouser", "Pullover"), source.classNames());
    }

    @Test
    void classesFileErrors() throws Exception {
        Path blank = Files.writeString(dir.resolve("blank.txt"), "a\n\nb\n");
        assertMessage(blank, "line 2 is blank (one class name per line)", assertThrows(DataException.class, () -> ClassNamesFile.read(blank)));
        Path dup = Files.writeString(dir.resolve("dup.txt"), "a\nb\na\n");
        assertMessage(dup, "line 3 repeats class name 'a'", assertThrows(DataException.class, () -> ClassNamesFile.read(dup)));
        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n");
        assertMessage(empty, "no class names (expected one per line)", assertThrows(DataException.class, () -> ClassNamesFile.read(empty)));
    }

    @Test
    void badMagicNamesTheFile() throws Exception {
        Path[] files = IdxTestFiles.writePair(dir, 3, 2, 2, 3, false);
        // swapped: the labels file where images are expected
        DataException e = assertThrows(DataException.class,
                () -> IdxImageSource.open("x", files[1], files[0], THREE));
        assertMessage(files[1], "not an IDX image file (magic 0x00000801, expected 0x00000803)", e);
    }

    @Test
    void truncatedPixelData() throws Exception {
        Path[] files = IdxTestFiles.writePair(dir, 3, 2, 2, 3, false);
        byte[] bytes = Files.readAllBytes(files[0]);
        Files.write(files[0], Arrays.copyOf(bytes, bytes.length - 5));
        DataException e = assertThrows(DataException.class,
                () -> IdxImageSource.open("x", files[0], files[1], THREE));
        assertMessage(files[0], "truncated: header promises 12 bytes of image data (3x2x2), file has 7", e);
    }

    @Test
    void truncatedHeaderAndGzip() throws Exception {
        Path[] files = IdxTestFiles.writePair(dir, 3, 2, 2, 3, true);
        Path shortHeader = Files.write(dir.resolve("short.idx"), new byte[] {0, 0, 8, 3, 0, 0});
        assertMessage(shortHeader, "truncated: IDX header needs 16 bytes, file has 6",
                assertThrows(DataException.class, () -> IdxImageSource.open("x", shortHeader, files[1], THREE)));
        byte[] gz = Files.readAllBytes(files[0]);
        Path cut = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
        assertMessage(cut, "truncated gzip stream",
                assertThrows(DataException.class, () -> IdxImageSource.open("x", cut, files[1], THREE)));
    }

    @Test
    void trailingBytesAreReported() throws Exception {
        Path[] files = IdxTestFiles.writePair(dir, 3, 2, 2, 3, false);
        byte[] bytes = Files.readAllBytes(files[0]);
        Files.write(files[0], Arrays.copyOf(bytes, bytes.length + 2));
        assertMessage(files[0], "has 2 unexpected bytes after the 3x2x2 image data",
                assertThrows(DataException.class, () -> IdxImageSource.open("x", files[0], files[1], THREE)));
    }

    @Test
    void countMismatch() throws Exception {
        Path[] files = IdxTestFiles.writePair(dir, 3, 2, 2, 3, false);
        Path labels = IdxTestFiles.write(dir.resolve("four-labels.idx"),
                IdxTestFiles.idx(IdxImageSource.LABELS_MAGIC, new int[] {4}, new byte[] {0, 1, 2, 0}), false);
        assertMessage(labels, "has 4 labels but images.idx has 3 images",
                assertThrows(DataException.class, () -> IdxImageSource.open("x", files[0], labels, THREE)));
    }

    @Test
    void labelOutOfRange() throws Exception {
        Path[] files = IdxTestFiles.writePair(dir, 3, 2, 2, 3, false);
        IdxTestFiles.write(files[1],
                IdxTestFiles.idx(IdxImageSource.LABELS_MAGIC, new int[] {3}, new byte[] {0, 7, 1}), false);
        assertMessage(files[1], "label 7 at index 1 is out of range for 3 classes",
                assertThrows(DataException.class, () -> IdxImageSource.open("x", files[0], files[1], THREE)));
    }

    @Test
    void emptyDataset() throws Exception {
        Path[] files = IdxTestFiles.writePair(dir, 0, 2, 2, 3, false);
        assertMessage(files[0], "dataset has no images",
                assertThrows(DataException.class, () -> IdxImageSource.open("x", files[0], files[1], THREE)));
    }

    @Test
    void missingFile() {
        Path absent = dir.resolve("absent.idx");
        DataException e = assertThrows(DataException.class, () -> IdxImageSource.open("x", absent, absent, THREE));
        assertTrue(e.getMessage().startsWith(absent + ": cannot read"), e.getMessage());
    }

    @Test
    void fingerprintChangesWithAnyPixelLabelOrClassName() throws Exception {
        Path[] files = IdxTestFiles.writePair(dir, 3, 2, 2, 3, false);
        String original = IdxImageSource.open("x", files[0], files[1], THREE).contentFingerprint();
        assertEquals(original, IdxImageSource.open("renamed", files[0], files[1], THREE).contentFingerprint());

        byte[] images = Files.readAllBytes(files[0]);
        images[images.length - 1] ^= 1;
        Files.write(files[0], images);
        String pixelChanged = IdxImageSource.open("x", files[0], files[1], THREE).contentFingerprint();
        assertNotEquals(original, pixelChanged);

        byte[] labels = Files.readAllBytes(files[1]);
        labels[labels.length - 1] = 0;
        Files.write(files[1], labels);
        String labelChanged = IdxImageSource.open("x", files[0], files[1], THREE).contentFingerprint();
        assertNotEquals(pixelChanged, labelChanged);

        String classChanged = IdxImageSource.open("x", files[0], files[1], List.of("zero", "one", "TWO"))
                .contentFingerprint();
        assertNotEquals(labelChanged, classChanged);
    }

    static void assertMessage(Path file, String problem, DataException e) {
        assertEquals(file + ": " + problem, e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one-line message");
    }
}
