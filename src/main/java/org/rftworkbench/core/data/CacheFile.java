package org.rftworkbench.core.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.rftworkbench.core.util.Progress;

/**
 * Layout of a tensor cache file (all integers big-endian):
 * <pre>
 *   0  8 bytes  magic "RFTTCACH"
 *   8  int      format version ({@link #VERSION})
 *  12  int      length M of the metadata block
 *  16  long     payload offset P (4096-aligned, so the payload maps page-aligned)
 *  24  long     payload length L = count * channels * S * S
 *  32  long     CRC32C over the metadata block followed by the payload
 *  40  M bytes  metadata: key, name, count, S, channels, class names, labels (see {@link Header#encode})
 *  ..  zeros up to P
 *   P  L bytes  uint8 images, each CHW [channels, S, S], in dataset order
 * </pre>
 * A file is valid only if its size is exactly P + L, the version and key match, and the checksum matches;
 * anything else means "rebuild".
 */
final class CacheFile {
    static final int VERSION = 1;
    static final byte[] MAGIC = "RFTTCACH".getBytes(StandardCharsets.US_ASCII);
    static final int PREAMBLE_BYTES = 40;
    static final int CHECKSUM_POSITION = 32;
    private static final int ALIGNMENT = 4096;

    private CacheFile() {
    }

    /** Why an existing cache file cannot be used; internal to the cache, never shown as an error. */
    static final class InvalidCacheException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidCacheException(String reason) {
            super(reason);
        }
    }

    /** Everything in a cache file except the pixels. */
    record Header(String key, String name, int count, int imageSize, int channels, List<String> classNames,
                  int[] labels) {

        long imageBytes() {
            return (long) channels * imageSize * imageSize;
        }

        long payloadLength() {
            return imageBytes() * count;
        }

        byte[] encode() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                writeString(out, key);
                writeString(out, name);
                out.writeInt(count);
                out.writeInt(imageSize);
                out.writeInt(channels);
                out.writeInt(classNames.size());
                for (String c : classNames) {
                    writeString(out, c);
                }
                for (int label : labels) {
                    out.writeInt(label);
                }
            } catch (IOException e) {
                throw new IllegalStateException("in-memory stream cannot fail", e);
            }
            return bytes.toByteArray();
        }

        static Header decode(byte[] meta) throws InvalidCacheException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(meta))) {
                String key = readString(in);
                String name = readString(in);
                int count = in.readInt();
                int imageSize = in.readInt();
                int channels = in.readInt();
                int classCount = in.readInt();
                if (count < 1 || imageSize < 1 || (channels != 1 && channels != 3) || classCount < 1
                        || (long) count * 4 > meta.length || classCount > meta.length) {
                    throw new InvalidCacheException("implausible header values");
                }
                List<String> classes = new ArrayList<>(classCount);
                for (int i = 0; i < classCount; i++) {
                    classes.add(readString(in));
                }
                int[] labels = new int[count];
                for (int i = 0; i < count; i++) {
                    labels[i] = in.readInt();
                    if (labels[i] < 0 || labels[i] >= classCount) {
                        throw new InvalidCacheException("label out of range");
                    }
                }
                return new Header(key, name, count, imageSize, channels, List.copyOf(classes), labels);
            } catch (IOException e) {
                throw new InvalidCacheException("metadata truncated");
            }
        }

        private static void writeString(DataOutputStream out, String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }

        private static String readString(DataInputStream in) throws IOException, InvalidCacheException {
            int n = in.readInt();
            if (n < 0 || n > in.available()) {
                throw new InvalidCacheException("bad string length");
            }
            return new String(in.readNBytes(n), StandardCharsets.UTF_8);
        }
    }

    /** Where the payload starts for a metadata block of {@code metaLength} bytes. */
    static long payloadOffset(int metaLength) {
        long end = PREAMBLE_BYTES + (long) metaLength;
        return (end + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /** The preamble; the checksum is patched in at {@link #CHECKSUM_POSITION} once the payload is written. */
    static ByteBuffer preamble(int metaLength, long payloadLength, long checksum) {
        ByteBuffer b = ByteBuffer.allocate(PREAMBLE_BYTES);
        b.put(MAGIC).putInt(VERSION).putInt(metaLength).putLong(payloadOffset(metaLength))
                .putLong(payloadLength).putLong(checksum);
        return b.flip();
    }

    /** A validated header plus where its payload lives. */
    record Validated(Header header, long payloadOffset) {
    }

    /**
     * Reads and fully validates an existing cache file, checksum included (reads the whole file once).
     *
     * @throws InvalidCacheException if the file is stale, truncated or corrupt
     */
    static Validated validate(FileChannel channel, String expectedKey, Progress progress)
            throws IOException, InvalidCacheException {
        long size = channel.size();
        if (size < PREAMBLE_BYTES) {
            throw new InvalidCacheException("shorter than its preamble");
        }
        ByteBuffer pre = readFully(channel, 0, PREAMBLE_BYTES);
        byte[] magic = new byte[MAGIC.length];
        pre.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new InvalidCacheException("bad magic");
        }
        int version = pre.getInt();
        if (version != VERSION) {
            throw new InvalidCacheException("format version " + version + ", expected " + VERSION);
        }
        int metaLength = pre.getInt();
        long payloadOffset = pre.getLong();
        long payloadLength = pre.getLong();
        long checksum = pre.getLong();
        if (metaLength < 0 || PREAMBLE_BYTES + (long) metaLength > size
                || payloadOffset != payloadOffset(metaLength)) {
            throw new InvalidCacheException("bad metadata length");
        }
        if (payloadLength < 0 || size != payloadOffset + payloadLength) {
            throw new InvalidCacheException("size " + size + " does not match header (truncated?)");
        }
        byte[] meta = new byte[metaLength];
        readFully(channel, PREAMBLE_BYTES, metaLength).get(meta);
        Header header = Header.decode(meta);
        if (!header.key().equals(expectedKey)) {
            throw new InvalidCacheException("key mismatch");
        }
        if (header.payloadLength() != payloadLength) {
            throw new InvalidCacheException("payload length does not match image count and size");
        }
        CRC32C crc = new CRC32C();
        crc.update(meta);
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        long done = 0;
        while (done < payloadLength) {
            progress.checkCancelled();
            buffer.clear().limit((int) Math.min(buffer.capacity(), payloadLength - done));
            int n = channel.read(buffer, payloadOffset + done);
            if (n < 0) {
                throw new InvalidCacheException("unexpected end of file");
            }
            buffer.flip();
            crc.update(buffer);
            done += n;
        }
        if (crc.getValue() != checksum) {
            throw new InvalidCacheException("checksum mismatch");
        }
        return new Validated(header, payloadOffset);
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (channel.read(b, position + b.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
        return b.flip();
    }
}
