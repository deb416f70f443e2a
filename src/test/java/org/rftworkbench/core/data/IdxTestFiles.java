package org.rftworkbench.core.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes tiny IDX files for tests. */
final class IdxTestFiles {
    private IdxTestFiles() {
    }

    /** IDX bytes: magic, dims, then the payload. */
    static byte[] idx(int magic, int[] dims, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(payload);
        return b.array();
    }

    /** Images n x rows x cols whose pixel (i, y, x) is (i * 31 + y * cols + x) mod 256. */
    static byte[] imagesPayload(int n, int rows, int cols) {
        byte[] p = new byte[n * rows * cols];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < rows * cols; k++) {
                p[i * rows * cols + k] = (byte) (i * 31 + k);
            }
        }
        return p;
    }

    static Path write(Path file, byte[] bytes, boolean gzip) throws IOException {
        if (!gzip) {
            return Files.write(file, bytes);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return Files.write(file, out.toByteArray());
    }

    /** A valid images + labels pair with n images of rows x cols and labels i % classes. */
    static Path[] writePair(Path dir, int n, int rows, int cols, int classes, boolean gzip) throws IOException {
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % classes);
        }
        Path images = write(dir.resolve("images.idx"),
                idx(IdxImageSource.IMAGES_MAGIC, new int[] {n, rows, cols}, imagesPayload(n, rows, cols)), gzip);
        Path labelFile = write(dir.resolve("labels.idx"),
                idx(IdxImageSource.LABELS_MAGIC, new int[] {n}, labels), gzip);
        return new Path[] {images, labelFile};
    }
}
