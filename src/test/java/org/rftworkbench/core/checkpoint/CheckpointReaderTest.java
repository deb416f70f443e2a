package org.rftworkbench.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointReaderTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"state_dict.pt", "wrapped_state_dict.pt", "state_dict.safetensors"})
    void readsNamesShapesDtypesAndValues(String fixture) throws Exception {
        try (Checkpoint c = CheckpointReader.open(Fixtures.path(fixture))) {
            Fixtures.assertMatchesExpected(fixture, c);
        }
    }

    @Test
    void zipStateDictIsByteIdenticalToSafetensorsIncludingViewsAndSharedStorage() throws Exception {
        try (Checkpoint zip = CheckpointReader.open(Fixtures.path("state_dict.pt"));
                Checkpoint st = CheckpointReader.open(Fixtures.path("state_dict.safetensors"))) {
            assertEquals(st.tensors().size(), zip.tensors().size());
            for (int i = 0; i < st.tensors().size(); i++) {
                assertEquals(st.tensors().get(i).bytes(), zip.tensors().get(i).bytes(), st.tensors().get(i).name());
            }
            Map<String, CheckpointTensor> byName = byName(zip);
            // shared storage: ln_pre.weight = storage[0..4), ln_pre.bias = storage[4..8) of 0.25*i - 1
            assertArrayEquals(new double[] {-1, -0.75, -0.5, -0.25}, Fixtures.values(byName.get(
                    "visual.ln_pre.weight")));
            assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75}, Fixtures.values(byName.get("visual.ln_pre.bias")));
            assertEquals(0, byName.get("logit_scale").shape().length);
            assertArrayEquals(new long[] {4, 3}, byName.get("visual.proj").shape());
        }
    }

    @Test
    void contiguousTensorsAreMemoryMappedAndViewsAreCopied() throws Exception {
        try (Checkpoint st = CheckpointReader.open(Fixtures.path("state_dict.safetensors"));
                Checkpoint zip = CheckpointReader.open(Fixtures.path("state_dict.pt"))) {
            assertTrue(byName(st).get("visual.conv1.weight").bytes().isDirect(), "safetensors tensor is mapped");
            assertTrue(byName(zip).get("visual.conv1.weight").bytes().isDirect(), "stored zip storage is mapped");
            assertFalse(byName(zip).get("visual.proj").bytes().isDirect(), "transposed view is a heap copy");
            ByteBuffer view = byName(st).get("visual.proj").bytes();
            assertTrue(view.isReadOnly());
            assertEquals(ByteOrder.LITTLE_ENDIAN, view.order());
        }
    }

    @Test
    void wrapperAndModulePrefixAreNormalisedAndNoted() throws Exception {
        try (Checkpoint c = CheckpointReader.open(Fixtures.path("wrapped_state_dict.pt"))) {
            Map<String, String> m = c.metadata();
            assertEquals("state_dict", m.get("rft.unwrapped"));
            assertEquals("module.", m.get("rft.stripped_prefix"));
            assertEquals("epoch, optimizer", m.get("rft.ignored_keys"));
            assertEquals("module.config (dict)", m.get("rft.skipped_entries"));
        }
        try (Checkpoint c = CheckpointReader.open(Fixtures.path("state_dict.pt"))) {
            assertEquals(Map.of(), c.metadata());
        }
    }

    @Test
    void safetensorsMetadataIsExposed() throws Exception {
        JsonNode expected = Fixtures.expected("state_dict.safetensors").get("metadata");
        try (Checkpoint c = CheckpointReader.open(Fixtures.path("state_dict.safetensors"))) {
            assertEquals(expected.get("format").asText(), c.metadata().get("format"));
            assertEquals(expected.get("source").asText(), c.metadata().get("source"));
            assertEquals(2, c.metadata().size());
        }
    }

    @Test
    void formatIsSniffedFromContentNotExtension() throws Exception {
        Path safetensorsNamedPt = Files.copy(Fixtures.path("state_dict.safetensors"), tmp.resolve("weights.pt"));
        Path zipNamedSafetensors = Files.copy(Fixtures.path("state_dict.pt"), tmp.resolve("w.safetensors"));
        try (Checkpoint a = CheckpointReader.open(safetensorsNamedPt);
                Checkpoint b = CheckpointReader.open(zipNamedSafetensors)) {
            assertEquals(CheckpointFormat.SAFETENSORS, a.format());
            assertEquals(CheckpointFormat.PYTORCH_ZIP, b.format());
        }
    }

    @Test
    void deflatedStoragesAreInflated() throws Exception {
        Path deflated = rezip("deflated.pt", Map.of("state_dict/byteorder", "little"));
        try (Checkpoint c = CheckpointReader.open(deflated)) {
            Fixtures.assertMatchesExpected("state_dict.pt", c);
        }
    }

    @Test
    void bigEndianArchivesAreRefused() throws Exception {
        Path big = rezip("big.pt", Map.of("state_dict/byteorder", "big"));
        assertTrue(Fixtures.assertOneLineError(big, () -> CheckpointReader.open(big)).endsWith(
                "unsupported byte order 'big' (only little-endian)"));
    }

    /** state_dict.pt re-written with java.util.zip (entries DEFLATED) plus extra text entries. */
    private Path rezip(String name, Map<String, String> extraEntries) throws IOException {
        Path target = tmp.resolve(name);
        try (ZipFile in = new ZipFile(Fixtures.path("state_dict.pt").toFile());
                OutputStream os = Files.newOutputStream(target);
                ZipOutputStream out = new ZipOutputStream(os)) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new ZipEntry(e.getName())); // DEFLATED by default
                try (InputStream is = in.getInputStream(e)) {
                    is.transferTo(out);
                }
                out.closeEntry();
            }
            for (Map.Entry<String, String> e : extraEntries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.US_ASCII));
                out.closeEntry();
            }
        }
        return target;
    }

    @Test
    void errorFixturesGiveTheExpectedOneLineMessage() {
        for (String fixture : List.of("legacy.pt", "unsafe_reduce.pt", "wiseft_model.pt", "wiseft_model.pkl",
                "no_tensors.pt")) {
            Path file = Fixtures.path(fixture);
            String message = Fixtures.assertOneLineError(file, () -> CheckpointReader.open(file));
            for (JsonNode part : Fixtures.expected(fixture).get("error_contains")) {
                assertTrue(message.contains(part.asText()), fixture + ": '" + message + "' lacks '" + part.asText()
                        + "'");
            }
        }
    }

    @Test
    void legacyFormatMessageTellsHowToResave() {
        Path file = Fixtures.path("legacy.pt");
        assertEquals(file + ": " + CheckpointReader.LEGACY_MESSAGE,
                Fixtures.assertOneLineError(file, () -> CheckpointReader.open(file)));
        assertTrue(CheckpointReader.LEGACY_MESSAGE.contains("_use_new_zipfile_serialization=True"));
    }

    @Test
    void unsafeGlobalIsNamedAndModelHintOnlyForModels() {
        Path unsafe = Fixtures.path("unsafe_reduce.pt");
        String message = Fixtures.assertOneLineError(unsafe, () -> CheckpointReader.open(unsafe));
        assertTrue(message.endsWith("(only tensors and plain containers are allowed)"), message);
        assertFalse(message.contains("model object"), message);
        Path model = Fixtures.path("wiseft_model.pt");
        assertTrue(Fixtures.assertOneLineError(model, () -> CheckpointReader.open(model)).contains(
                "refuses global src.models.modeling.ImageClassifier: " + WeightsOnlyUnpickler.MODEL_OBJECT_HINT));
    }

    @Test
    void missingEmptyDirectoryAndUnknownFiles() throws IOException {
        Path missing = tmp.resolve("nope.safetensors");
        assertEquals(missing + ": file not found", Fixtures.assertOneLineError(missing,
                () -> CheckpointReader.open(missing)));
        Path empty = Files.createFile(tmp.resolve("empty.pt"));
        assertTrue(Fixtures.assertOneLineError(empty, () -> CheckpointReader.open(empty)).endsWith(
                "not a checkpoint (empty file)"));
        Path text = Files.writeString(tmp.resolve("notes.safetensors"), "hello, these are not weights\n");
        assertTrue(Fixtures.assertOneLineError(text, () -> CheckpointReader.open(text)).endsWith(
                "not a checkpoint (unknown format)"));
        assertTrue(Fixtures.assertOneLineError(tmp, () -> CheckpointReader.open(tmp)).contains("directory"));
        Path otherZip = tmp.resolve("other.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(otherZip))) {
            out.putNextEntry(new ZipEntry("readme.txt"));
            out.write("x".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        assertTrue(Fixtures.assertOneLineError(otherZip, () -> CheckpointReader.open(otherZip)).endsWith(
                "not a checkpoint (zip archive without data.pkl)"));
    }

    @Test
    void truncatedSafetensorsNamesTensorAndByteRange() throws IOException {
        Path file = truncatedCopy("state_dict.safetensors", 6);
        long size = Files.size(file);
        String message = Fixtures.assertOneLineError(file, () -> CheckpointReader.open(file));
        // the last tensor in the file (classification_head.bias, 3 floats) now ends 6 bytes past the file's end
        assertTrue(message.endsWith("truncated safetensors: tensor classification_head.bias needs bytes ["
                + (size + 6 - 12) + "," + (size + 6) + ") but the file has " + size), message);
        Path header = truncatedCopy("state_dict.safetensors", 1400);
        assertTrue(Fixtures.assertOneLineError(header, () -> CheckpointReader.open(header)).contains(
                "truncated safetensors: header needs bytes [8,"));
    }

    @Test
    void truncatedZipIsReportedAsCorrupt() throws IOException {
        for (int cut : new int[] {10, 2000}) {
            Path file = truncatedCopy("state_dict.pt", cut);
            assertTrue(Fixtures.assertOneLineError(file, () -> CheckpointReader.open(file)).endsWith(
                    "corrupt zip: end of central directory not found (file truncated?)"));
        }
    }

    @Test
    void zipWithDamagedLocalHeaderIsCorrupt() throws IOException {
        Path file = tmp.resolve("damaged.pt");
        byte[] bytes = Files.readAllBytes(Fixtures.path("state_dict.pt"));
        bytes[0] = 'P';
        bytes[1] = 'K';
        bytes[2] = 3;
        bytes[3] = 4;
        // damage the local header of the second entry, found through the java.util.zip view of the same file
        int second = indexOf(bytes, "PK\3\4".getBytes(StandardCharsets.ISO_8859_1), 4);
        bytes[second + 3] = 9;
        Files.write(file, bytes);
        assertTrue(Fixtures.assertOneLineError(file, () -> CheckpointReader.open(file)).contains(
                "corrupt zip: bad local header for entry"));
    }

    @Test
    void corruptSafetensorsHeadersAreRefused() throws IOException {
        assertHeaderError("{\"a\": {\"dtype\": \"F32\", ", 0, "corrupt safetensors header: invalid JSON");
        assertHeaderError("{\"a\": 5}", 0, "corrupt safetensors header: tensor a is not an object");
        assertHeaderError("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 0, "tensor a data_offsets is missing");
        assertHeaderError("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "Duplicate field 'a'");
        assertHeaderError("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12, "tensors a and b overlap");
        assertHeaderError("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[16,20]},"
                + "\"c\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 20, "tensors a and c overlap");
        assertHeaderError("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8,
                "tensor a spans 8 bytes but shape [3] of F32 needs 12");
        assertHeaderError("{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", 8,
                "unsupported dtype F8_E4M3 of tensor a");
        assertHeaderError("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", 8,
                "shape holds -1, not a non-negative integer");
        assertHeaderError("{\"__metadata__\":{\"k\":1}}", 0, "__metadata__ value of k is not a string");
    }

    @Test
    void hugeHeaderLengthIsRefusedWithoutAllocating() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).put((byte) '{');
        Path file = Files.write(tmp.resolve("huge.safetensors"), b.array());
        assertTrue(Fixtures.assertOneLineError(file, () -> CheckpointReader.open(file)).contains(
                "header length 1099511627776 is out of range"));
    }

    @Test
    void emptyTensorsAndZeroDimTensorsRoundTrip() throws Exception {
        Path file = tmp.resolve("edge.safetensors");
        SafetensorsWriter.write(file, List.of(
                ByteBufferTensor.of("empty", ai.djl.ndarray.types.DataType.FLOAT32, new long[] {0, 3},
                        ByteBuffer.allocate(0)),
                ByteBufferTensor.ofFloats("scalar", new long[0], 2.5f)), Map.of());
        try (Checkpoint c = CheckpointReader.open(file)) {
            assertEquals(0, c.tensors().get(0).numel());
            assertArrayEquals(new long[] {0, 3}, c.tensors().get(0).shape());
            assertArrayEquals(new double[] {2.5}, Fixtures.values(c.tensors().get(1)));
        }
    }

    @Test
    void closedCheckpointRefusesFurtherUse() throws Exception {
        Checkpoint c = CheckpointReader.open(Fixtures.path("state_dict.safetensors"));
        c.close();
        assertThrows(IllegalStateException.class, c::tensors);
    }

    private void assertHeaderError(String json, int dataBytes, String expected) throws IOException {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        Path file = Files.write(tmp.resolve("bad" + Math.abs(json.hashCode()) + ".safetensors"), b.array());
        String message = Fixtures.assertOneLineError(file, () -> CheckpointReader.open(file));
        assertTrue(message.contains(expected), "'" + message + "' lacks '" + expected + "'");
    }

    private Path truncatedCopy(String fixture, int cutBytes) throws IOException {
        byte[] bytes = Files.readAllBytes(Fixtures.path(fixture));
        return Files.write(tmp.resolve("cut" + cutBytes + "-" + fixture), Arrays.copyOf(bytes, bytes.length
                - cutBytes));
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    private static Map<String, CheckpointTensor> byName(Checkpoint c) {
        Map<String, CheckpointTensor> out = new LinkedHashMap<>();
        c.tensors().forEach(t -> out.put(t.name(), t));
        return out;
    }
}
