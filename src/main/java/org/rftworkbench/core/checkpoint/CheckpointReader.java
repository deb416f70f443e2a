package org.rftworkbench.core.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Opens a checkpoint file of any supported format, recognised by its content (never by its extension):
 * <ul>
 *   <li>safetensors (u64-LE header length followed by {@code '{'}): tensors memory-mapped, see
 *       {@link CheckpointFormat#SAFETENSORS};</li>
 *   <li>{@code torch.save} zip state dicts ({@code data.pkl} + {@code data/N}): read through a weights-only
 *       unpickler that refuses any code-carrying global, tensors memory-mapped;</li>
 *   <li>TorchScript zip archives ({@code code/}, {@code constants.pkl}): parameters listed through DJL.</li>
 * </ul>
 * Legacy (pre-1.6, non-zip) {@code torch.save} files, plain {@code pickle.dump} files and anything else are refused
 * with a one-line {@link CheckpointException} naming the file and what to do. Stateless and thread-safe.
 */
public final class CheckpointReader {
    static final String LEGACY_MESSAGE = "legacy PyTorch pickle format; re-save with torch.save(...,"
            + " _use_new_zipfile_serialization=True) or export safetensors";
    private static final String PLAIN_PICKLE_ADVICE =
            "save tensors with torch.save(model.state_dict()) or as safetensors";
    /** torch.save's legacy magic number 0x1950a86a20f9469cfc6c, as the 10 little-endian bytes of a LONG1. */
    private static final byte[] LEGACY_MAGIC = {0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a,
        (byte) 0xa8, 0x50, 0x19};
    /** Enough of a plain pickle to reach the first global of any real model or state dict. */
    private static final int PLAIN_PICKLE_PROBE_BYTES = 16 << 20;

    private CheckpointReader() {
    }

    /**
     * Opens {@code file}. The returned checkpoint holds no open file descriptor; close it when its tensors are no
     * longer needed.
     *
     * @throws CheckpointException file missing or unreadable, unknown or unsupported format, truncated or corrupt
     *     content, or an unsafe pickle; the message is one line naming the file and the problem
     */
    public static Checkpoint open(Path file) throws CheckpointException {
        if (!Files.exists(file)) {
            throw new CheckpointException(file, "file not found");
        }
        if (Files.isDirectory(file)) {
            throw new CheckpointException(file, "is a directory, not a checkpoint file");
        }
        boolean torchScript = false;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            byte[] head = new byte[(int) Math.min(size, 16)];
            ZipDirectory.readFully(channel, ByteBuffer.wrap(head), 0);
            if (size == 0) {
                throw new CheckpointException(file, "not a checkpoint (empty file)");
            }
            if (isSafetensors(head)) {
                return SafetensorsReader.read(file, channel);
            }
            if (isZip(head)) {
                ZipDirectory zip = ZipDirectory.read(file, channel);
                if (isTorchScript(zip)) {
                    torchScript = true; // DJL opens the file itself, after this channel is closed
                } else {
                    String prefix = TorchZipReader.recordPrefix(zip);
                    if (prefix == null) {
                        throw new CheckpointException(file, "not a checkpoint (zip archive without data.pkl)");
                    }
                    return TorchZipReader.read(file, channel, zip, prefix);
                }
            } else if (isJson(head)) {
                return ShardedCheckpoint.read(file, channel);
            } else if (isLegacyTorchSave(head)) {
                throw new CheckpointException(file, LEGACY_MESSAGE);
            } else if (Byte.toUnsignedInt(head[0]) == 0x80) {
                throw diagnosePlainPickle(file, channel);
            } else {
                throw new CheckpointException(file, "not a checkpoint (unknown format)");
            }
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + SafetensorsReader.oneLine(e.toString()), e);
        }
        return TorchScriptReader.read(file);
    }

    static boolean isSafetensors(byte[] head) {
        if (head.length < 9 || head[8] != '{') {
            return false;
        }
        long headerLength = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return headerLength > 0;
    }

    /** A JSON object: a sharded checkpoint's {@code *.index.json} ({@code {"weight_map": ...}}). */
    static boolean isJson(byte[] head) {
        for (byte b : head) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return false;
    }

    /**
     * The files whose bytes make up the checkpoint {@code file}: the file itself, or an index file followed by its
     * shards (for hashing: provenance and cache keys must change when a shard changes).
     */
    public static java.util.List<Path> filesOf(Path file) throws CheckpointException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] head = new byte[(int) Math.min(channel.size(), 16)];
            ZipDirectory.readFully(channel, ByteBuffer.wrap(head), 0);
            if (!isSafetensors(head) && isJson(head)) {
                java.util.List<Path> files = new java.util.ArrayList<>();
                files.add(file);
                files.addAll(ShardedCheckpoint.shards(file, channel).keySet());
                return files;
            }
            return java.util.List.of(file);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + SafetensorsReader.oneLine(e.toString()), e);
        }
    }

    static boolean isZip(byte[] head) {
        return head.length >= 4 && head[0] == 'P' && head[1] == 'K'
                && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
    }

    /** PROTO n, LONG1 of 10 bytes holding the magic number: the first thing a legacy torch.save writes. */
    static boolean isLegacyTorchSave(byte[] head) {
        return head.length >= 14 && Byte.toUnsignedInt(head[0]) == 0x80 && Byte.toUnsignedInt(head[2]) == 0x8a
                && head[3] == 10 && Arrays.equals(Arrays.copyOfRange(head, 4, 14), LEGACY_MAGIC);
    }

    /** TorchScript archives carry compiled code ({@code <prefix>/code/...}) and {@code constants.pkl}. */
    static boolean isTorchScript(ZipDirectory zip) {
        for (ZipDirectory.Entry e : zip.entries()) {
            String[] parts = e.name().split("/");
            if (parts.length >= 2 && (parts[1].equals("code") || (parts.length == 2
                    && parts[1].equals("constants.pkl")))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A plain {@code pickle.dump} file is never loadable (its tensors need code to rebuild), but running the
     * restricted unpickler over its start says why: typically a pickled model object.
     */
    private static CheckpointException diagnosePlainPickle(Path file, FileChannel channel) throws IOException {
        int length = (int) Math.min(channel.size(), PLAIN_PICKLE_PROBE_BYTES);
        ByteBuffer start = ZipDirectory.read(channel, 0, length);
        try {
            new WeightsOnlyUnpickler(start).load();
        } catch (WeightsOnlyUnpickler.UnpicklingException e) {
            if (e.getMessage().contains(WeightsOnlyUnpickler.MODEL_OBJECT_HINT)) {
                return new CheckpointException(file, e.getMessage());
            }
            return new CheckpointException(file, "not a checkpoint: plain Python pickle (" + e.getMessage() + "); "
                    + PLAIN_PICKLE_ADVICE);
        }
        return new CheckpointException(file, "not a checkpoint: plain Python pickle without tensors; "
                + PLAIN_PICKLE_ADVICE);
    }
}
