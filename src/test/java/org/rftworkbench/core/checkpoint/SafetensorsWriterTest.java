package org.rftworkbench.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripsEveryTensorAndMetadataAndLeavesNoTemporaryFile() throws Exception {
        Path out = tmp.resolve("copy.safetensors");
        Map<String, String> metadata = Map.of("format", "pt", "note", "round trip");
        try (Checkpoint source = CheckpointReader.open(Fixtures.path("state_dict.pt"))) {
            SafetensorsWriter.write(out, source.tensors(), metadata);
            try (Checkpoint copy = CheckpointReader.open(out)) {
                assertEquals(CheckpointFormat.SAFETENSORS, copy.format());
                assertEquals(metadata, copy.metadata());
                assertEquals(source.tensors().size(), copy.tensors().size());
                for (int i = 0; i < source.tensors().size(); i++) {
                    CheckpointTensor a = source.tensors().get(i);
                    CheckpointTensor b = copy.tensors().get(i);
                    assertEquals(a.name(), b.name());
                    assertEquals(a.dataType(), b.dataType());
                    assertArrayEquals(a.shape(), b.shape());
                    assertEquals(a.bytes(), b.bytes(), a.name());
                }
                Fixtures.assertMatchesExpected("state_dict.safetensors", copy);
            }
        }
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(out), files.toList(), "only the target file remains");
        }
        if (Files.getFileStore(out).supportsFileAttributeView("posix")) {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        }
        ByteBuffer head = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, head.getLong(0) % 8, "header padded to 8 bytes");
    }

    @Test
    void replacesAnExistingFile() throws Exception {
        Path out = tmp.resolve("w.safetensors");
        SafetensorsWriter.write(out, List.of(ByteBufferTensor.ofFloats("a", new long[] {2}, 1f, 2f)), Map.of());
        SafetensorsWriter.write(out, List.of(ByteBufferTensor.ofFloats("b", new long[] {1, 3}, 3f, 4f, 5f)),
                Map.of());
        try (Checkpoint c = CheckpointReader.open(out)) {
            assertEquals(1, c.tensors().size());
            assertEquals("b", c.tensors().get(0).name());
            assertArrayEquals(new double[] {3, 4, 5}, Fixtures.values(c.tensors().get(0)));
            assertEquals(Map.of(), c.metadata());
        }
    }

    @Test
    void failedWriteLeavesNoTemporaryFileAndReportsTheFile() throws Exception {
        Path out = tmp.resolve("missing-dir").resolve("w.safetensors");
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafetensorsWriter.write(out,
                List.of(ByteBufferTensor.ofFloats("a", new long[] {1}, 1f)), Map.of()));
        assertTrue(e.getMessage().startsWith(out + ": cannot write safetensors"), e.getMessage());
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void rejectsDuplicateOrReservedNamesAndWrongByteCounts() {
        Path out = tmp.resolve("x.safetensors");
        CheckpointTensor a = ByteBufferTensor.ofFloats("a", new long[] {1}, 1f);
        assertThrows(IllegalArgumentException.class, () -> SafetensorsWriter.write(out, List.of(a, a), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> SafetensorsWriter.write(out,
                List.of(ByteBufferTensor.ofFloats("__metadata__", new long[] {1}, 1f)), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> ByteBufferTensor.of("b", DataType.FLOAT16,
                new long[] {3}, ByteBuffer.allocate(4)));
        assertTrue(Files.notExists(out));
    }
}
