package org.rftworkbench.core.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sharded checkpoint read through its index file ({@code model.safetensors.index.json},
 * {@code pytorch_model.bin.index.json}: {@code {"weight_map": {tensor: shard file}}}). Each shard is any single-file
 * format {@link CheckpointReader} reads, named relative to the index's folder (and confined to it). The result holds
 * exactly the tensors the weight map lists, shard by shard in file order; a missing shard or a listed tensor absent
 * from its shard is a one-line error naming the index.
 */
final class ShardedCheckpoint {
    /** Index files are small (one line per tensor); anything larger is not one. */
    private static final int MAX_INDEX_BYTES = 64 << 20;
    private static final int MAX_LISTED = 6;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ShardedCheckpoint() {
    }

    /** Shard file -> the tensor names the weight map assigns to it, in weight-map order. */
    static Map<Path, List<String>> shards(Path index, FileChannel channel) throws IOException, CheckpointException {
        if (channel.size() > MAX_INDEX_BYTES) {
            throw new CheckpointException(index, "not a checkpoint (JSON file of " + channel.size()
                    + " bytes; a sharded checkpoint's index is small)");
        }
        ByteBuffer bytes = ZipDirectory.read(channel, 0, (int) channel.size());
        JsonNode root;
        try {
            root = JSON.readTree(StandardCharsets.UTF_8.decode(bytes).toString());
        } catch (IOException e) {
            throw new CheckpointException(index, "not a checkpoint (a JSON file that does not parse)");
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject() || map.isEmpty()) {
            throw new CheckpointException(index, "not a checkpoint (a JSON file without a \"weight_map\"; a sharded"
                    + " checkpoint's *.index.json maps each tensor to its shard file)");
        }
        Path folder = index.toAbsolutePath().getParent().normalize();
        Map<Path, List<String>> shards = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = map.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new CheckpointException(index, "weight_map entry " + e.getKey() + " is not a file name");
            }
            Path shard = folder.resolve(e.getValue().asText()).normalize();
            if (!shard.startsWith(folder) || shard.equals(folder)) {
                throw new CheckpointException(index, "shard " + e.getValue().asText()
                        + " is outside the index file's folder");
            }
            shards.computeIfAbsent(shard, s -> new ArrayList<>()).add(e.getKey());
        }
        return shards;
    }

    static Checkpoint read(Path index, FileChannel channel) throws IOException, CheckpointException {
        Map<Path, List<String>> shards = shards(index, channel);
        List<String> missingFiles = shards.keySet().stream().filter(p -> !Files.isRegularFile(p))
                .map(p -> p.getFileName().toString()).toList();
        if (!missingFiles.isEmpty()) {
            throw new CheckpointException(index, "sharded checkpoint with missing shard files: " + list(missingFiles));
        }
        List<CheckpointTensor> tensors = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        CheckpointFormat format = null;
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<Path, List<String>> e : shards.entrySet()) {
            Path shard = e.getKey();
            try (FileChannel c = FileChannel.open(shard)) {
                byte[] head = new byte[(int) Math.min(c.size(), 16)];
                ZipDirectory.readFully(c, ByteBuffer.wrap(head), 0);
                if (!CheckpointReader.isSafetensors(head) && CheckpointReader.isJson(head)) {
                    throw new CheckpointException(index, "shard " + shard.getFileName() + " is itself an index file");
                }
            }
            Checkpoint part = CheckpointReader.open(shard);
            format = format == null ? part.format() : format;
            part.metadata().forEach(metadata::putIfAbsent);
            Map<String, CheckpointTensor> byName = new LinkedHashMap<>();
            part.tensors().forEach(t -> byName.put(t.name(), t));
            java.util.Set<String> wanted = new java.util.HashSet<>(e.getValue());
            for (CheckpointTensor t : part.tensors()) {
                if (wanted.contains(t.name())) {
                    tensors.add(t);
                }
            }
            e.getValue().stream().filter(n -> !byName.containsKey(n))
                    .forEach(n -> missing.add(n + " (in " + shard.getFileName() + ")"));
            // part stays open: its tensors are handed on (the readers hold no descriptors, see LoadedCheckpoint)
        }
        if (!missing.isEmpty()) {
            throw new CheckpointException(index, "sharded checkpoint: tensors listed in weight_map are missing from"
                    + " their shards: " + list(missing));
        }
        metadata.put("rft.shards", Integer.toString(shards.size()));
        return new LoadedCheckpoint(index, format, tensors, metadata);
    }

    private static String list(List<String> items) {
        String head = String.join(", ", items.subList(0, Math.min(MAX_LISTED, items.size())));
        return items.size() > MAX_LISTED ? head + " and " + (items.size() - MAX_LISTED) + " more" : head;
    }
}
