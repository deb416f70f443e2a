package org.rftworkbench.core.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes tensors as a safetensors file, atomically: the bytes go to a temporary file in the target directory, are
 * forced to disk, and the temporary file is renamed over the target, so a reader never sees a half-written
 * checkpoint and a failed write leaves no temporary file behind. Tensor bytes are streamed from
 * {@link CheckpointTensor#bytes()} without an extra copy; offsets are {@code long}, so files over 2 GiB are fine.
 * Stateless and thread-safe (concurrent writes to the same target: the last rename wins).
 */
public final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsWriter() {
    }

    /**
     * Writes {@code tensors} in list order, with {@code metadata} as the {@code __metadata__} block (omitted when
     * empty).
     *
     * @throws IllegalArgumentException duplicate or reserved names, or a dtype safetensors cannot hold
     * @throws CheckpointException the file could not be written (one line naming the file)
     */
    public static void write(Path file, List<? extends CheckpointTensor> tensors, Map<String, String> metadata)
            throws CheckpointException {
        byte[] header = header(tensors, metadata);
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        Path temporary = null;
        try {
            temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp");
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
                writeFully(out, length.flip());
                writeFully(out, ByteBuffer.wrap(header));
                for (CheckpointTensor t : tensors) {
                    writeFully(out, t.bytes());
                }
                out.force(true);
            }
            copyPermissions(target, temporary);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temporary = null;
            syncDirectory(directory);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot write safetensors: " + SafetensorsReader.oneLine(
                    e.toString()), e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the original failure is the one worth reporting
                }
            }
        }
    }

    /** The JSON header padded with spaces to a multiple of 8 bytes, so the tensor data stays 8-byte aligned. */
    static byte[] header(List<? extends CheckpointTensor> tensors, Map<String, String> metadata) {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(SafetensorsReader.METADATA_KEY);
            metadata.forEach(meta::put);
        }
        Set<String> names = new HashSet<>();
        long offset = 0;
        for (CheckpointTensor t : tensors) {
            String name = t.name();
            if (name.isEmpty() || name.equals(SafetensorsReader.METADATA_KEY) || !names.add(name)) {
                throw new IllegalArgumentException("tensor name '" + name + "' is empty, reserved or duplicated");
            }
            long length = t.bytes().remaining();
            long expected = t.numel() * t.dataType().getNumOfBytes();
            if (length != expected) {
                throw new IllegalArgumentException("tensor " + name + " " + Arrays.toString(t.shape()) + " has "
                        + length + " bytes, expected " + expected);
            }
            ObjectNode entry = root.putObject(name);
            entry.put("dtype", TensorDataTypes.toSafetensors(t.dataType()));
            ArrayNode shape = entry.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            entry.putArray("data_offsets").add(offset).add(offset + length);
            offset += length;
        }
        byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(json, padded);
        Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    /**
     * Temporary files are created owner-only (0600); give the result the permissions of the file it replaces, or
     * the usual rw-r--r-- for a new file. Skipped where the file system has no POSIX permissions.
     */
    private static void copyPermissions(Path target, Path temporary) throws IOException {
        if (!Files.getFileStore(temporary).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.exists(target) ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(temporary, permissions);
    }

    /** Makes the rename durable; not every platform can open a directory, which is harmless. */
    private static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // e.g. Windows: directories cannot be opened as channels; the rename itself is still atomic
        }
    }
}
