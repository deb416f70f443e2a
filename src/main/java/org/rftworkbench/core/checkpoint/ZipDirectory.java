package org.rftworkbench.core.checkpoint;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The central directory of a zip archive (zip64 included), with the file offset where each entry's data starts.
 *
 * <p>Why not {@code java.util.zip.ZipFile}: it hides that offset, and the offset is what lets the PyTorch reader
 * memory-map a STORED tensor storage straight from the file instead of copying it onto the heap. The format parts
 * needed here (end record, zip64 locator, central and local headers) are small and fixed, and every offset read from
 * the file is checked against the file size before use, so a truncated or corrupt archive gives a one-line error.
 */
final class ZipDirectory {
    static final int STORED = 0;
    static final int DEFLATED = 8;

    private static final int EOCD_SIGNATURE = 0x06054b50;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int ZIP64_EOCD_SIGNATURE = 0x06064b50;
    private static final int CENTRAL_SIGNATURE = 0x02014b50;
    private static final int LOCAL_SIGNATURE = 0x04034b50;
    private static final int EOCD_SIZE = 22;
    private static final long MAX_CENTRAL_DIRECTORY = 256L << 20;

    /** One archive member; {@code dataOffset} is the absolute file offset of its (possibly compressed) bytes. */
    record Entry(String name, int method, long compressedSize, long size, long dataOffset) {
    }

    private final Path file;
    private final FileChannel channel;
    private final long fileSize;
    private final Map<String, Entry> entries;

    private ZipDirectory(Path file, FileChannel channel, long fileSize, Map<String, Entry> entries) {
        this.file = file;
        this.channel = channel;
        this.fileSize = fileSize;
        this.entries = Collections.unmodifiableMap(entries);
    }

    static ZipDirectory read(Path file, FileChannel channel) throws IOException, CheckpointException {
        long fileSize = channel.size();
        long eocd = findEndRecord(file, channel, fileSize);
        ByteBuffer end = read(channel, eocd, EOCD_SIZE);
        long count = Short.toUnsignedLong(end.getShort(10));
        long cdSize = Integer.toUnsignedLong(end.getInt(12));
        long cdOffset = Integer.toUnsignedLong(end.getInt(16));
        if (count == 0xFFFF || cdSize == 0xFFFFFFFFL || cdOffset == 0xFFFFFFFFL) {
            if (eocd < 20 || read(channel, eocd - 20, 4).getInt(0) != ZIP64_LOCATOR_SIGNATURE) {
                throw corrupt(file, "zip64 end-of-central-directory locator missing");
            }
            long zip64End = read(channel, eocd - 20, 20).getLong(8);
            if (zip64End < 0 || zip64End + 56 > eocd) {
                throw corrupt(file, "zip64 end record offset " + zip64End + " is out of range");
            }
            ByteBuffer z = read(channel, zip64End, 56);
            if (z.getInt(0) != ZIP64_EOCD_SIGNATURE) {
                throw corrupt(file, "bad zip64 end record signature");
            }
            count = z.getLong(32);
            cdSize = z.getLong(40);
            cdOffset = z.getLong(48);
        }
        if (cdOffset < 0 || cdSize < 0 || cdSize > MAX_CENTRAL_DIRECTORY || cdOffset + cdSize > eocd) {
            throw corrupt(file, "central directory at [" + cdOffset + "," + (cdOffset + cdSize)
                    + ") does not fit in the file of " + fileSize + " bytes");
        }
        ByteBuffer cd = read(channel, cdOffset, (int) cdSize);
        Map<String, Entry> entries = new LinkedHashMap<>();
        int pos = 0;
        for (long i = 0; i < count; i++) {
            if (pos + 46 > cd.limit() || cd.getInt(pos) != CENTRAL_SIGNATURE) {
                throw corrupt(file, "bad central directory entry " + i + " at offset " + (cdOffset + pos));
            }
            int flags = Short.toUnsignedInt(cd.getShort(pos + 8));
            int method = Short.toUnsignedInt(cd.getShort(pos + 10));
            long compressed = Integer.toUnsignedLong(cd.getInt(pos + 20));
            long size = Integer.toUnsignedLong(cd.getInt(pos + 24));
            int nameLength = Short.toUnsignedInt(cd.getShort(pos + 28));
            int extraLength = Short.toUnsignedInt(cd.getShort(pos + 30));
            int commentLength = Short.toUnsignedInt(cd.getShort(pos + 32));
            long localOffset = Integer.toUnsignedLong(cd.getInt(pos + 42));
            int next = pos + 46 + nameLength + extraLength + commentLength;
            if (next > cd.limit()) {
                throw corrupt(file, "central directory entry " + i + " runs past the directory");
            }
            byte[] nameBytes = new byte[nameLength];
            cd.get(pos + 46, nameBytes);
            String name = new String(nameBytes, StandardCharsets.UTF_8);
            // zip64 extra field: the 0xFFFFFFFF fields, in the order size, compressed size, local header offset
            int extra = pos + 46 + nameLength;
            int extraEnd = extra + extraLength;
            while (extra + 4 <= extraEnd) {
                int id = Short.toUnsignedInt(cd.getShort(extra));
                int length = Short.toUnsignedInt(cd.getShort(extra + 2));
                if (id == 0x0001) {
                    int field = extra + 4;
                    int fieldEnd = Math.min(extra + 4 + length, extraEnd);
                    if (size == 0xFFFFFFFFL && field + 8 <= fieldEnd) {
                        size = cd.getLong(field);
                        field += 8;
                    }
                    if (compressed == 0xFFFFFFFFL && field + 8 <= fieldEnd) {
                        compressed = cd.getLong(field);
                        field += 8;
                    }
                    if (localOffset == 0xFFFFFFFFL && field + 8 <= fieldEnd) {
                        localOffset = cd.getLong(field);
                    }
                }
                extra += 4 + length;
            }
            if ((flags & 1) != 0) {
                throw corrupt(file, "entry " + name + " is encrypted");
            }
            if (size < 0 || compressed < 0 || localOffset < 0 || localOffset + 30 > cdOffset) {
                throw corrupt(file, "entry " + name + " has an out-of-range local header offset " + localOffset);
            }
            ByteBuffer local = read(channel, localOffset, 30);
            if (local.getInt(0) != LOCAL_SIGNATURE) {
                throw corrupt(file, "bad local header for entry " + name + " at offset " + localOffset);
            }
            long dataOffset = localOffset + 30 + Short.toUnsignedInt(local.getShort(26))
                    + Short.toUnsignedInt(local.getShort(28));
            entries.put(name, new Entry(name, method, compressed, size, dataOffset));
            pos = next;
        }
        return new ZipDirectory(file, channel, fileSize, entries);
    }

    Collection<Entry> entries() {
        return entries.values();
    }

    Entry get(String name) {
        return entries.get(name);
    }

    /** Absolute file range {@code [from, to)} of an entry's stored bytes, checked against the file size. */
    long checkedDataEnd(Entry entry) throws CheckpointException {
        long to = entry.dataOffset() + entry.compressedSize();
        if (to > fileSize || to < entry.dataOffset()) {
            throw new CheckpointException(file, "truncated zip: entry " + entry.name() + " needs bytes ["
                    + entry.dataOffset() + "," + to + ") but the file has " + fileSize);
        }
        return to;
    }

    /** The uncompressed bytes of a (small) entry on the heap; STORED and DEFLATED are supported. */
    ByteBuffer readEntry(Entry entry) throws IOException, CheckpointException {
        checkedDataEnd(entry);
        if (entry.size() > Integer.MAX_VALUE - 8 || entry.compressedSize() > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(file, "zip entry " + entry.name() + " is too large to read (" + entry.size()
                    + " bytes)");
        }
        ByteBuffer raw = read(channel, entry.dataOffset(), (int) entry.compressedSize());
        if (entry.method() == STORED) {
            if (entry.size() != entry.compressedSize()) {
                throw corrupt(file, "stored entry " + entry.name() + " has different sizes");
            }
            return raw;
        }
        if (entry.method() != DEFLATED) {
            throw corrupt(file, "entry " + entry.name() + " uses unsupported compression method " + entry.method());
        }
        byte[] out = new byte[(int) entry.size()];
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(raw);
            int n = 0;
            while (n < out.length) {
                int k = inflater.inflate(out, n, out.length - n);
                if (k == 0) { // finished early, input exhausted or a preset dictionary: all mean corrupt here
                    break;
                }
                n += k;
            }
            if (n != out.length) {
                throw corrupt(file, "entry " + entry.name() + " inflates to " + n + " bytes, expected " + out.length);
            }
        } catch (DataFormatException e) {
            throw corrupt(file, "entry " + entry.name() + " does not inflate (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
        return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long findEndRecord(Path file, FileChannel channel, long fileSize)
            throws IOException, CheckpointException {
        if (fileSize < EOCD_SIZE) {
            throw corrupt(file, "end of central directory not found (file truncated?)");
        }
        long searchFrom = Math.max(0, fileSize - EOCD_SIZE - 0xFFFF);
        ByteBuffer tail = read(channel, searchFrom, (int) (fileSize - searchFrom));
        for (int i = tail.limit() - EOCD_SIZE; i >= 0; i--) {
            if (tail.getInt(i) == EOCD_SIGNATURE
                    && i + EOCD_SIZE + Short.toUnsignedInt(tail.getShort(i + 20)) == tail.limit()) {
                return searchFrom + i;
            }
        }
        throw corrupt(file, "end of central directory not found (file truncated?)");
    }

    private static CheckpointException corrupt(Path file, String problem) {
        return new CheckpointException(file, "corrupt zip: " + problem);
    }

    /** {@code length} bytes at {@code position}, little-endian. */
    static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, buffer, position);
        return buffer.flip();
    }

    static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new EOFException("unexpected end of file at offset " + at);
            }
            at += n;
        }
    }
}
