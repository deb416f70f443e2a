package org.rftworkbench.core.checkpoint;

import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a safetensors file: u64-LE header length {@code n}, {@code n} bytes of JSON header, then the raw tensor
 * bytes. Each tensor is memory-mapped on its own ({@code FileChannel.map(READ_ONLY)}), so the file may be far larger
 * than 2 GiB and nothing is copied onto the heap; only a single tensor must stay below 2 GiB (a {@link ByteBuffer}
 * limit). All offsets are {@code long}.
 */
final class SafetensorsReader {
    /** The reference implementation's limit; a larger header is certainly corrupt. */
    static final long MAX_HEADER_BYTES = 100L << 20;
    static final String METADATA_KEY = "__metadata__";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private SafetensorsReader() {
    }

    private record Entry(String name, DataType dataType, long[] shape, long begin, long end) {
    }

    static Checkpoint read(Path file, FileChannel channel) throws CheckpointException, IOException {
        long fileSize = channel.size();
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        ZipDirectory.readFully(channel, lengthBytes, 0);
        long headerLength = lengthBytes.getLong(0);
        if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES) {
            throw new CheckpointException(file, "corrupt safetensors: header length " + Long.toUnsignedString(
                    headerLength) + " is out of range (1.." + MAX_HEADER_BYTES + ")");
        }
        long dataStart = 8 + headerLength;
        if (dataStart > fileSize) {
            throw new CheckpointException(file, "truncated safetensors: header needs bytes [8," + dataStart
                    + ") but the file has " + fileSize);
        }
        ByteBuffer header = ByteBuffer.allocate((int) headerLength);
        ZipDirectory.readFully(channel, header, 8);
        JsonNode root = parseHeader(file, header.array());

        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (METADATA_KEY.equals(field.getKey())) {
                readMetadata(file, field.getValue(), metadata);
            } else {
                entries.add(parseEntry(file, field.getKey(), field.getValue()));
            }
        }
        checkRanges(file, entries, dataStart, fileSize);

        List<CheckpointTensor> tensors = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            long length = e.end - e.begin;
            if (length > Integer.MAX_VALUE) {
                throw new CheckpointException(file, "tensor " + e.name + " is " + length
                        + " bytes; tensors of 2 GiB or more are not supported");
            }
            ByteBuffer bytes = length == 0 ? ByteBuffer.allocate(0)
                    : channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin, length);
            tensors.add(ByteBufferTensor.of(e.name, e.dataType, e.shape, bytes));
        }
        return new LoadedCheckpoint(file, CheckpointFormat.SAFETENSORS, tensors, metadata);
    }

    private static JsonNode parseHeader(Path file, byte[] header) throws CheckpointException {
        JsonNode root;
        try {
            root = JSON.readTree(new String(header, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, "corrupt safetensors header: invalid JSON ("
                    + oneLine(e.getOriginalMessage()) + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointException(file, "corrupt safetensors header: expected a JSON object");
        }
        return root;
    }

    private static void readMetadata(Path file, JsonNode node, Map<String, String> metadata)
            throws CheckpointException {
        if (!node.isObject()) {
            throw new CheckpointException(file, "corrupt safetensors header: __metadata__ is not an object");
        }
        for (Map.Entry<String, JsonNode> m : node.properties()) {
            if (!m.getValue().isTextual()) {
                throw new CheckpointException(file, "corrupt safetensors header: __metadata__ value of "
                        + m.getKey() + " is not a string");
            }
            metadata.put(m.getKey(), m.getValue().asText());
        }
    }

    private static Entry parseEntry(Path file, String name, JsonNode node) throws CheckpointException {
        String where = "corrupt safetensors header: tensor " + name;
        if (!node.isObject()) {
            throw new CheckpointException(file, where + " is not an object");
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw new CheckpointException(file, where + " has no dtype");
        }
        DataType dataType = TensorDataTypes.fromSafetensors(dtypeNode.asText()).orElseThrow(
                () -> new CheckpointException(file, "unsupported dtype " + dtypeNode.asText() + " of tensor " + name
                        + " (supported: F32, F16, BF16, F64, I64, I32, I16, I8, U8, BOOL)"));
        long[] shape = longArray(file, where + " shape", node.get("shape"), -1);
        long[] offsets = longArray(file, where + " data_offsets", node.get("data_offsets"), 2);
        if (offsets[0] > offsets[1]) {
            throw new CheckpointException(file, where + " has data_offsets " + Arrays.toString(offsets)
                    + " with begin after end");
        }
        long needed;
        try {
            needed = Math.multiplyExact(ByteBufferTensor.numel(shape), (long) dataType.getNumOfBytes());
        } catch (ArithmeticException e) {
            throw new CheckpointException(file, where + " has an impossibly large shape " + Arrays.toString(shape));
        }
        if (offsets[1] - offsets[0] != needed) {
            throw new CheckpointException(file, where + " spans " + (offsets[1] - offsets[0]) + " bytes but shape "
                    + Arrays.toString(shape) + " of " + dtypeNode.asText() + " needs " + needed);
        }
        return new Entry(name, dataType, shape, offsets[0], offsets[1]);
    }

    /** A JSON array of non-negative integers; {@code length} -1 means any length. */
    private static long[] longArray(Path file, String what, JsonNode node, int length) throws CheckpointException {
        if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
            throw new CheckpointException(file, what + " is missing or not an array"
                    + (length >= 0 ? " of " + length + " integers" : ""));
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
                throw new CheckpointException(file, what + " holds " + v + ", not a non-negative integer");
            }
            values[i] = v.asLong();
        }
        return values;
    }

    /** Every tensor lies inside the file and no two tensors share bytes (the format allows neither). */
    private static void checkRanges(Path file, List<Entry> entries, long dataStart, long fileSize)
            throws CheckpointException {
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        Entry furthest = null; // the non-empty tensor reaching furthest so far
        for (Entry e : entries) {
            long end = dataStart + e.end;
            if (end > fileSize) {
                throw new CheckpointException(file, "truncated safetensors: tensor " + e.name + " needs bytes ["
                        + (dataStart + e.begin) + "," + end + ") but the file has " + fileSize);
            }
            if (furthest != null && e.begin < furthest.end && e.begin < e.end) {
                throw new CheckpointException(file, "corrupt safetensors header: tensors " + furthest.name + " and "
                        + e.name + " overlap");
            }
            if (e.end > e.begin && (furthest == null || e.end > furthest.end)) {
                furthest = e;
            }
        }
    }

    static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").trim();
    }
}
