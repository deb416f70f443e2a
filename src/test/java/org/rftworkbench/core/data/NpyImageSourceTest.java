package org.rftworkbench.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .npy header parsing and the one-line refusals, on arrays this test writes byte by byte. */
class NpyImageSourceTest {
    private static final List<String> TEN = IntStream.range(0, 10).mapToObj(i -> "c" + i).toList();

    @TempDir
    Path dir;

    /** A version-1.0 .npy file, header padded to a multiple of 64 as numpy does. */
    static byte[] npy(String descr, boolean fortran, String shape, byte[] data, int major) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
                + shape + ", }";
        int prefix = major == 1 ? 10 : 12;
        int total = (prefix + dict.length() + 1 + 63) / 64 * 64;
        String header = dict + " ".repeat(total - prefix - dict.length() - 1) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x93);
        out.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
        out.write(major);
        out.write(0);
        int len = header.length();
        out.write(len & 0xFF);
        out.write(len >> 8 & 0xFF);
        if (major != 1) {
            out.write(0);
            out.write(0);
        }
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
        return out.toByteArray();
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    private Path images(int n) throws Exception {
        byte[] px = new byte[n * 2 * 3 * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 7);
        }
        return write("images.npy", npy("|u1", false, "(" + n + ", 2, 3, 3)", px, 1));
    }

    private static byte[] int64(long... values) {
        byte[] b = new byte[values.length * 8];
        for (int i = 0; i < values.length; i++) {
            for (int k = 0; k < 8; k++) {
                b[i * 8 + k] = (byte) (values[i] >> (8 * k));
            }
        }
        return b;
    }

    @Test
    void readsVersion2HeadersAndInt64Labels() throws Exception {
        Path images = write("v2.npy", npy("|u1", false, "(2, 2, 3, 3)", new byte[36], 2));
        Path labels = write("l.npy", npy("<i8", false, "(2,)", int64(9, 3), 1));
        NpyImageSource s = NpyImageSource.open("v2", images, labels, TEN);
        assertEquals(2, s.size());
        assertEquals(9, s.label(0));
        assertEquals(3, s.label(1));
        assertEquals(3, s.read(1).width());
        assertEquals(2, s.read(1).height());
        assertEquals(s.contentFingerprint(), NpyImageSource.open("v2", images, labels, TEN).contentFingerprint());
    }

    private void refused(Path images, Path labels, Path named, String expected) {
        DataException e = assertThrows(DataException.class, () -> NpyImageSource.open("x", images, labels, TEN));
        assertEquals(named + ": " + expected, e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void refusesWhatItCannotRead() throws Exception {
        Path good = images(2);
        Path labels = write("labels.npy", npy("<i8", false, "(2,)", int64(1, 2), 1));
        Path big = write("big.npy", npy(">i8", false, "(2,)", int64(1, 2), 1));
        refused(good, big, big, "expected little-endian integer labels of shape (N,), got >i8 (2,)");
        Path floats = write("float.npy", npy("<f4", false, "(2, 2, 3, 3)", new byte[144], 1));
        refused(floats, labels, floats,
                "expected uint8 images of shape (N, H, W, 3) or (N, H, W), got <f4 (2, 2, 3, 3)");
        Path objects = write("o.npy", npy("|O", false, "()", new byte[0], 1));
        refused(objects, labels, objects, "expected uint8 images of shape (N, H, W, 3) or (N, H, W), got |O ()");
        Path rgba = write("rgba.npy", npy("|u1", false, "(2, 2, 3, 4)", new byte[48], 1));
        refused(rgba, labels, rgba, "expected uint8 images of shape (N, H, W, 3) or (N, H, W), got |u1 (2, 2, 3, 4)");
        Path fortran = write("f.npy", npy("|u1", true, "(2, 2, 3, 3)", new byte[36], 1));
        refused(fortran, labels, fortran, "is a Fortran-order array; save it in C order (np.ascontiguousarray)");
        Path truncated = write("t.npy", npy("|u1", false, "(2, 2, 3, 3)", new byte[35], 1));
        refused(truncated, labels, truncated, "truncated: shape (2, 2, 3, 3) of |u1 needs 36 data bytes, file has 35");
        Path notNpy = write("n.npy", "hello world, not numpy".getBytes(StandardCharsets.US_ASCII));
        refused(notNpy, labels, notNpy, "not a .npy file (no \\x93NUMPY magic)");
        Path three = write("three.npy", npy("<i8", false, "(3,)", int64(1, 2, 3), 1));
        refused(good, three, three, "has 3 labels but images.npy has 2 images");
        Path range = write("range.npy", npy("<i8", false, "(2,)", int64(1, 10), 1));
        refused(good, range, range, "label 10 at index 1 is out of range for 10 classes");
        Path negative = write("neg.npy", npy("<i8", false, "(2,)", int64(-1, 0), 1));
        refused(good, negative, negative, "label -1 at index 0 is out of range for 10 classes");
        Path matrix = write("m.npy", npy("<i8", false, "(2, 1)", int64(1, 2), 1));
        refused(good, matrix, matrix, "expected little-endian integer labels of shape (N,), got <i8 (2, 1)");
        Path empty = write("e.npy", npy("|u1", false, "(0, 2, 3, 3)", new byte[0], 1));
        refused(empty, labels, empty, "dataset has no images");
    }

    @Test
    void signedSmallLabelsAreSignExtended() throws Exception {
        Path good = images(1);
        Path i2 = write("i2.npy", npy("<i2", false, "(1,)", new byte[] {(byte) 0xFF, (byte) 0xFF}, 1));
        DataException e = assertThrows(DataException.class, () -> NpyImageSource.open("x", good, i2, TEN));
        assertTrue(e.getMessage().endsWith("label -1 at index 0 is out of range for 10 classes"), e.getMessage());
    }
}
