package org.rftworkbench.core.data;

import java.io.IOException;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An {@link javax.imageio.stream.ImageInputStream} over a file already read into memory. ImageIO's own choices are
 * slower for preparation: {@code FileImageInputStream} issues one system call per small read (the PNG reader reads
 * chunk headers a few bytes at a time), and {@code MemoryCacheImageInputStream} copies everything into its cache.
 *
 * <p>Not thread-safe (like every ImageInputStream); one per decode.
 */
final class ByteArrayImageInputStream extends ImageInputStreamImpl {
    /**
     * Dropped by {@link #close}: on JDK 17 every ImageInputStreamImpl is finalizable, so a closed stream waits for
     * the finalizer while the collector copies everything it references from generation to generation; holding a
     * half-megabyte file that way made collections copy every prepared PNG (a quarter of preparation time).
     */
    private byte[] bytes;

    ByteArrayImageInputStream(byte[] bytes) {
        this.bytes = bytes;
    }

    @Override
    public int read() throws IOException {
        checkClosed();
        bitOffset = 0;
        return streamPos < bytes.length ? bytes[(int) streamPos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        checkClosed();
        if (off < 0 || len < 0 || off + len > b.length) {
            throw new IndexOutOfBoundsException("off " + off + ", len " + len + ", array " + b.length);
        }
        bitOffset = 0;
        if (len == 0) {
            return 0;
        }
        if (streamPos >= bytes.length) {
            return -1;
        }
        int n = (int) Math.min(len, bytes.length - streamPos);
        System.arraycopy(bytes, (int) streamPos, b, off, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        return bytes == null ? -1L : bytes.length; // -1: unknown, ImageInputStream's value once closed
    }

    @Override
    public void close() throws IOException {
        super.close();
        bytes = null;
    }
}
