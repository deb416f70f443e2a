package org.rftworkbench.core.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rftworkbench.core.checkpoint.PickleValues.TorchTensor;

/**
 * Reads a {@code torch.save} zip archive ({@code <prefix>/data.pkl} plus one {@code <prefix>/data/<key>} entry per
 * storage) without executing it: the pickle goes through {@link WeightsOnlyUnpickler}, the state dict is found by
 * {@link StateDictNormaliser}, and each tensor's bytes come from its storage entry. STORED storages (what torch
 * writes) are memory-mapped straight from the file, one mapping per tensor, so there is no 2 GiB file limit and no
 * heap copy; compressed storages are inflated onto the heap once and shared. Non-contiguous views (e.g. a transposed
 * weight) are gathered into a contiguous heap copy.
 */
final class TorchZipReader {
    private static final String DATA_PKL = "data.pkl";

    private final Path file;
    private final FileChannel channel;
    private final ZipDirectory zip;
    private final String prefix;
    private final Map<String, ByteBuffer> inflatedStorages = new HashMap<>();

    private TorchZipReader(Path file, FileChannel channel, ZipDirectory zip, String prefix) {
        this.file = file;
        this.channel = channel;
        this.zip = zip;
        this.prefix = prefix;
    }

    /** The archive's record prefix ({@code archive/} or the file stem), or null when there is no top-level data.pkl. */
    static String recordPrefix(ZipDirectory zip) {
        for (ZipDirectory.Entry e : zip.entries()) {
            String name = e.name();
            if (name.endsWith("/" + DATA_PKL) && name.indexOf('/') == name.length() - DATA_PKL.length() - 1) {
                return name.substring(0, name.length() - DATA_PKL.length());
            }
        }
        return null;
    }

    static Checkpoint read(Path file, FileChannel channel, ZipDirectory zip, String prefix)
            throws IOException, CheckpointException {
        return new TorchZipReader(file, channel, zip, prefix).read();
    }

    private Checkpoint read() throws IOException, CheckpointException {
        ZipDirectory.Entry byteOrder = zip.get(prefix + "byteorder");
        if (byteOrder != null && byteOrder.size() < 64) {
            String order = StandardCharsets.US_ASCII.decode(zip.readEntry(byteOrder)).toString().trim();
            if (!order.equals("little")) {
                throw new CheckpointException(file, "unsupported byte order '" + order + "' (only little-endian)");
            }
        }
        Object top;
        try {
            top = new WeightsOnlyUnpickler(zip.readEntry(zip.get(prefix + DATA_PKL))).load();
        } catch (WeightsOnlyUnpickler.UnpicklingException e) {
            throw new CheckpointException(file, e.getMessage());
        }
        StateDictNormaliser.Result stateDict = StateDictNormaliser.normalise(file, top);
        List<CheckpointTensor> tensors = new ArrayList<>(stateDict.tensors().size());
        for (Map.Entry<String, TorchTensor> e : stateDict.tensors().entrySet()) {
            tensors.add(materialise(e.getKey(), e.getValue()));
        }
        return new LoadedCheckpoint(file, CheckpointFormat.PYTORCH_ZIP, tensors, stateDict.notes());
    }

    private CheckpointTensor materialise(String name, TorchTensor t) throws IOException, CheckpointException {
        String entryName = prefix + "data/" + t.storage().key();
        ZipDirectory.Entry entry = zip.get(entryName);
        if (entry == null) {
            throw new CheckpointException(file, "corrupt zip: storage entry " + entryName + " of tensor " + name
                    + " is missing");
        }
        int elementSize = t.storage().dataType().getNumOfBytes();
        long storageEnd;
        long storageBytes;
        long numel;
        try {
            storageEnd = t.storageEnd();
            storageBytes = Math.multiplyExact(t.storage().numel(), (long) elementSize);
            numel = t.numel();
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw new CheckpointException(file, "corrupt checkpoint: tensor " + name + " has an impossible shape");
        }
        if (storageEnd > t.storage().numel()) {
            throw new CheckpointException(file, "corrupt checkpoint: tensor " + name + " reads element "
                    + (storageEnd - 1) + " of a storage with " + t.storage().numel() + " elements");
        }
        if (storageBytes > entry.size()) {
            throw new CheckpointException(file, "corrupt zip: storage entry " + entryName + " has " + entry.size()
                    + " bytes but tensor " + name + " needs " + storageBytes);
        }
        zip.checkedDataEnd(entry);
        if (numel == 0) {
            return ByteBufferTensor.of(name, t.storage().dataType(), t.size(), ByteBuffer.allocate(0));
        }
        long fromByte = t.storageOffset() * elementSize;
        long spanBytes = (storageEnd - t.storageOffset()) * elementSize;
        long outBytes = numel * elementSize;
        if (spanBytes > Integer.MAX_VALUE || outBytes > Integer.MAX_VALUE) {
            throw new CheckpointException(file, "tensor " + name + " spans " + spanBytes
                    + " bytes; tensors of 2 GiB or more are not supported");
        }
        ByteBuffer span = storageSpan(entry, fromByte, (int) spanBytes);
        ByteBuffer contiguous = t.isContiguous() ? span : gather(t, span, elementSize, (int) outBytes);
        return ByteBufferTensor.of(name, t.storage().dataType(), t.size(), contiguous);
    }

    /** Bytes {@code [from, from+length)} of a storage entry: a file mapping if STORED, else a heap slice. */
    private ByteBuffer storageSpan(ZipDirectory.Entry entry, long from, int length)
            throws IOException, CheckpointException {
        if (entry.method() == ZipDirectory.STORED) {
            return channel.map(FileChannel.MapMode.READ_ONLY, entry.dataOffset() + from, length);
        }
        ByteBuffer inflated = inflatedStorages.get(entry.name());
        if (inflated == null) {
            inflated = zip.readEntry(entry);
            inflatedStorages.put(entry.name(), inflated);
        }
        return inflated.slice((int) from, length);
    }

    /**
     * Copies a strided view into a new row-major buffer. {@code span} starts at the view's storage offset. The
     * innermost dimension is copied as one run when its stride is 1.
     */
    static ByteBuffer gather(TorchTensor t, ByteBuffer span, int elementSize, int outBytes) {
        long[] size = t.size();
        long[] stride = t.stride();
        int dims = size.length;
        ByteBuffer out = ByteBuffer.allocate(outBytes).order(ByteOrder.LITTLE_ENDIAN);
        boolean innerRun = stride[dims - 1] == 1;
        int runElements = innerRun ? (int) size[dims - 1] : 1;
        int outerDims = innerRun ? dims - 1 : dims;
        long[] index = new long[outerDims];
        byte[] run = new byte[runElements * elementSize];
        long runs = t.numel() / runElements;
        for (long r = 0; r < runs; r++) {
            long element = 0;
            for (int d = 0; d < outerDims; d++) {
                element += index[d] * stride[d];
            }
            span.get((int) (element * elementSize), run);
            out.put(run);
            for (int d = outerDims - 1; d >= 0; d--) { // odometer increment, last dimension fastest
                if (++index[d] < size[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return out.flip();
    }
}
