package org.rftworkbench.testutil;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** PNG files written byte by byte, so tests can make images of any declared size cheaply. */
public final class TestPngs {
    private TestPngs() {
    }

    /**
     * A 1-bit greyscale PNG of {@code size} x {@code size} white pixels, written chunk by chunk: the raw scanlines
     * stream through the deflater, so making a 400-megapixel file needs a few KB of heap, not 50 MB.
     */
    public static byte[] oneBitPng(int size) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(size).putInt(size)
                .put((byte) 1).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0); // depth 1, grey
        chunk(png, "IHDR", ihdr.array());
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        byte[] row = new byte[1 + (size + 7) / 8]; // filter byte "none", then the packed bits
        java.util.Arrays.fill(row, 1, row.length, (byte) 0xff);
        try (OutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_COMPRESSION))) {
            for (int y = 0; y < size; y++) {
                z.write(row);
            }
        }
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(typeBytes);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

}
