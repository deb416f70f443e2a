package org.rftworkbench.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layout mapping against fixtures written by tools/reference/make_layout_fixtures.py from the open_clip-layout
 * tiny-ViT endpoints (golden/tiny_vit): every mapped tensor must equal the open_clip original byte for byte.
 */
class CheckpointLayoutsTest {
    static final Path LAYOUTS = Paths.get("src/test/resources/golden/layouts");
    static final Path TINY = Paths.get("src/test/resources/golden/tiny_vit");

    static Map<String, CheckpointTensor> byName(Checkpoint c) {
        Map<String, CheckpointTensor> m = new LinkedHashMap<>();
        c.tensors().forEach(t -> m.put(t.name(), t));
        return m;
    }

    static byte[] bytesOf(CheckpointTensor t) {
        ByteBuffer b = t.bytes();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** Same names (in the same order), shapes, dtypes and bytes. */
    static void assertSameTensors(Path expectedFile, Checkpoint actual) throws Exception {
        try (Checkpoint expected = CheckpointReader.open(expectedFile)) {
            Map<String, CheckpointTensor> e = byName(expected);
            Map<String, CheckpointTensor> a = byName(actual);
            assertEquals(new ArrayList<>(e.keySet()), new ArrayList<>(a.keySet()));
            for (String name : e.keySet()) {
                assertArrayEquals(e.get(name).shape(), a.get(name).shape(), name);
                assertEquals(e.get(name).dataType(), a.get(name).dataType(), name);
                assertArrayEquals(bytesOf(e.get(name)), bytesOf(a.get(name)), name);
            }
        }
    }

    @Test
    void huggingFaceClipModelMapsToTheOpenClipTensorsExactly() throws Exception {
        try (Checkpoint hf = CheckpointLayouts.open(LAYOUTS.resolve("hf_a.safetensors"))) {
            assertSameTensors(TINY.resolve("a.safetensors"), hf);
            assertEquals("Hugging Face CLIP (transformers)", hf.metadata().get(CheckpointLayouts.LAYOUT_KEY));
            assertEquals("32", hf.metadata().get(CheckpointLayouts.MAPPED_KEY));
            String note = hf.metadata().get("note.layout");
            assertTrue(note.contains("skipped 6 text-tower tensors") && note.contains("2 position_ids buffers"), note);
        }
    }

    @Test
    void visionModelWithProjectionAndModelSoupsMapToEndpointB() throws Exception {
        try (Checkpoint hf = CheckpointLayouts.open(LAYOUTS.resolve("hf_b_vision.safetensors"));
                Checkpoint b = CheckpointReader.open(TINY.resolve("b.safetensors"))) {
            List<String> expected = b.tensors().stream().map(CheckpointTensor::name)
                    .filter(n -> n.startsWith("visual.")).toList();
            assertEquals(expected, hf.tensors().stream().map(CheckpointTensor::name).toList());
        }
        try (Checkpoint soups = CheckpointLayouts.open(LAYOUTS.resolve("soups_b.pt"))) {
            assertSameTensors(TINY.resolve("b.safetensors"), soups);
            assertEquals("model-soups", soups.metadata().get(CheckpointLayouts.LAYOUT_KEY));
            assertTrue(soups.metadata().get("note.layout").contains("skipped 3 text-tower tensors"));
        }
    }

    @Test
    void halfPrecisionCopiesKeepTheirDtypeAndShapes() throws Exception {
        for (String file : List.of("hf_a_fp16.safetensors", "hf_a_bf16.safetensors")) {
            try (Checkpoint hf = CheckpointLayouts.open(LAYOUTS.resolve(file));
                    Checkpoint a = CheckpointReader.open(TINY.resolve("a.safetensors"))) {
                Map<String, CheckpointTensor> m = byName(hf);
                for (CheckpointTensor t : a.tensors()) {
                    assertArrayEquals(t.shape(), m.get(t.name()).shape(), t.name());
                    assertTrue(m.get(t.name()).dataType() == DataType.FLOAT16
                            || m.get(t.name()).dataType() == DataType.BFLOAT16, t.name());
                }
            }
        }
    }

    @Test
    void openClipFilesAreReturnedUnchanged() throws Exception {
        Checkpoint raw = CheckpointReader.open(TINY.resolve("a.safetensors"));
        try (Checkpoint mapped = CheckpointLayouts.map(raw)) {
            assertSame(raw, mapped);
        }
    }

    @Test
    void partialHuggingFaceLayoutListsWhatIsMissing(@TempDir Path dir) throws Exception {
        List<CheckpointTensor> kept = new ArrayList<>();
        try (Checkpoint hf = CheckpointReader.open(LAYOUTS.resolve("hf_b_vision.safetensors"))) {
            for (CheckpointTensor t : hf.tensors()) {
                if (!t.name().equals("vision_model.encoder.layers.1.self_attn.k_proj.weight")
                        && !t.name().equals("visual_projection.weight")) {
                    kept.add(ByteBufferTensor.of(t.name(), t.dataType(), t.shape(), t.bytes()));
                }
            }
            Path partial = dir.resolve("partial.safetensors");
            SafetensorsWriter.write(partial, kept, Map.of());
            CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointLayouts.open(partial));
            assertEquals(partial + ": incomplete Hugging Face CLIP layout: missing visual_projection.weight,"
                    + " vision_model.encoder.layers.1.self_attn.k_proj.weight", e.getMessage());
        }
    }

    @Test
    void shardedIndexReadsEveryShardAndMapsLikeTheSingleFile() throws Exception {
        Path index = LAYOUTS.resolve("sharded/model.safetensors.index.json");
        try (Checkpoint sharded = CheckpointLayouts.open(index)) {
            assertSameTensors(TINY.resolve("a.safetensors"), sharded);
            assertEquals("2", sharded.metadata().get("rft.shards"));
            assertEquals(index, sharded.path());
        }
        assertEquals(List.of(index, LAYOUTS.resolve("sharded/model-00001-of-00002.safetensors").toAbsolutePath(),
                LAYOUTS.resolve("sharded/model-00002-of-00002.safetensors").toAbsolutePath()),
                CheckpointReader.filesOf(index));
    }

    @Test
    void brokenShardedIndexesAreOneLineErrors(@TempDir Path dir) throws Exception {
        Path index = dir.resolve("model.safetensors.index.json");
        String json = java.nio.file.Files.readString(LAYOUTS.resolve("sharded/model.safetensors.index.json"));
        java.nio.file.Files.writeString(index, json);
        java.nio.file.Files.copy(LAYOUTS.resolve("sharded/model-00001-of-00002.safetensors"),
                dir.resolve("model-00001-of-00002.safetensors"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.open(index));
        assertEquals(index + ": sharded checkpoint with missing shard files: model-00002-of-00002.safetensors",
                e.getMessage());

        java.nio.file.Files.copy(LAYOUTS.resolve("sharded/model-00002-of-00002.safetensors"),
                dir.resolve("model-00002-of-00002.safetensors"));
        java.nio.file.Files.writeString(index, json.replace("\"weight_map\": {",
                "\"weight_map\": {\n    \"extra.weight\": \"model-00002-of-00002.safetensors\","));
        e = assertThrows(CheckpointException.class, () -> CheckpointReader.open(index));
        assertEquals(index + ": sharded checkpoint: tensors listed in weight_map are missing from their shards:"
                + " extra.weight (in model-00002-of-00002.safetensors)", e.getMessage());

        java.nio.file.Files.writeString(index, json.replace("model-00002-of-00002", "../model-00002-of-00002"));
        e = assertThrows(CheckpointException.class, () -> CheckpointReader.open(index));
        assertTrue(e.getMessage().contains("is outside the index file's folder"), e.getMessage());

        java.nio.file.Files.writeString(index, "{\"metadata\": {}}");
        e = assertThrows(CheckpointException.class, () -> CheckpointReader.open(index));
        assertTrue(e.getMessage().startsWith(index + ": not a checkpoint (a JSON file without a \"weight_map\""),
                e.getMessage());
    }
}
