package org.rftworkbench.core.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One NumPy {@code .npy} file (format versions 1.0, 2.0 and 3.0): the 6-byte magic {@code \x93NUMPY}, a major and a
 * minor version byte, the header length (uint16 little-endian in version 1, uint32 in 2 and 3), and an ASCII (UTF-8
 * in version 3) Python dict literal with {@code descr}, {@code fortran_order} and {@code shape}, followed by the raw
 * data. Only C-order arrays are accepted. The whole file is held in memory.
 *
 * @param descr      the dtype string, e.g. {@code |u1} or {@code <i8}
 * @param shape      the dimensions
 * @param bytes      the whole file
 * @param dataOffset where the data starts in {@code bytes}
 */
record NpyArray(String descr, long[] shape, byte[] bytes, int dataOffset) {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    static NpyArray read(Path file) throws DataException {
        byte[] b;
        try {
            long size = Files.size(file);
            if (size > Integer.MAX_VALUE - 16) {
                throw new DataException(file, "is larger than 2 GiB, which .npy datasets may not be");
            }
            b = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataException(file, "cannot read: " + e.getMessage(), e);
        }
        if (b.length < 10 || !Arrays.equals(Arrays.copyOf(b, 6), MAGIC)) {
            throw new DataException(file, "not a .npy file (no \\x93NUMPY magic)");
        }
        int major = b[6] & 0xFF;
        int headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (b.length < 12) {
                throw new DataException(file, "truncated .npy header");
            }
            long len = (b[8] & 0xFFL) | (b[9] & 0xFFL) << 8 | (b[10] & 0xFFL) << 16 | (b[11] & 0xFFL) << 24;
            if (len > b.length) {
                throw new DataException(file, "truncated .npy header");
            }
            headerLength = (int) len;
            headerStart = 12;
        } else {
            throw new DataException(file, "unsupported .npy format version " + major + "." + (b[7] & 0xFF));
        }
        if (headerStart + headerLength > b.length) {
            throw new DataException(file, "truncated .npy header");
        }
        String header = new String(b, headerStart, headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw new DataException(file, "malformed .npy header (needs descr, fortran_order and shape): "
                    + header.strip());
        }
        if (fortran.group(1).equals("True")) {
            throw new DataException(file, "is a Fortran-order array; save it in C order (np.ascontiguousarray)");
        }
        long[] dims;
        try {
            dims = Arrays.stream(shape.group(1).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .mapToLong(Long::parseLong).toArray();
        } catch (NumberFormatException e) {
            throw new DataException(file, "malformed .npy shape (" + shape.group(1) + ")");
        }
        NpyArray array = new NpyArray(descr.group(1), dims, b, headerStart + headerLength);
        long expected = array.elementCount();
        int itemSize = array.itemSize();
        if (itemSize > 0) {
            long actual = b.length - (long) array.dataOffset;
            if (actual != expected * itemSize) {
                throw new DataException(file, (actual < expected * itemSize ? "truncated: " : "size mismatch: ")
                        + "shape " + array.shapeText() + " of " + array.descr + " needs " + expected * itemSize
                        + " data bytes, file has " + actual);
            }
        }
        return array;
    }

    long elementCount() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Bytes per element from the descr ({@code <i8} -> 8), or -1 when the descr is not a plain number type. */
    int itemSize() {
        if (descr.length() < 3) {
            return -1;
        }
        try {
            return Integer.parseInt(descr.substring(2));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** True for uint8 ({@code |u1}, {@code <u1} or {@code =u1}... byte order is meaningless for one byte). */
    boolean isUint8() {
        return descr.length() == 3 && "|<=".indexOf(descr.charAt(0)) >= 0 && descr.endsWith("u1");
    }

    /** True for a little-endian (or one-byte) signed or unsigned integer of 1, 2, 4 or 8 bytes. */
    boolean isLittleEndianInteger() {
        if (descr.length() != 3) {
            return false;
        }
        char order = descr.charAt(0);
        char kind = descr.charAt(1);
        int size = itemSize();
        boolean little = order == '<' || order == '|' && size == 1;
        return little && (kind == 'i' || kind == 'u') && (size == 1 || size == 2 || size == 4 || size == 8);
    }

    /** Element {@code i} of an integer array as a long (little-endian). */
    long integerAt(long i) {
        int size = itemSize();
        int at = (int) (dataOffset + i * size);
        long v = 0;
        for (int k = size - 1; k >= 0; k--) {
            v = v << 8 | (bytes[at + k] & 0xFF);
        }
        if (descr.charAt(1) == 'i' && size < 8) {
            int shift = 64 - 8 * size;
            v = v << shift >> shift; // sign-extend
        }
        return v;
    }

    String shapeText() {
        return "(" + String.join(", ", Arrays.stream(shape).mapToObj(Long::toString).toList())
                + (shape.length == 1 ? ",)" : ")");
    }
}
