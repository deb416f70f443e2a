package org.rftworkbench.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.function.Executable;

/** Fixture files from tools/reference/make_checkpoint_fixtures.py and helpers to check tensors against them. */
final class Fixtures {
    private static final JsonNode EXPECTED = load();

    private Fixtures() {
    }

    static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/checkpoints/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode expected(String name) {
        JsonNode node = EXPECTED.get(name);
        if (node == null) {
            throw new IllegalArgumentException("no expected.json entry for " + name);
        }
        return node;
    }

    private static JsonNode load() {
        try {
            return new ObjectMapper().readTree(path("expected.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts names, shapes, dtypes (in order) and each tensor's float64 sum against expected.json. */
    static void assertMatchesExpected(String fixture, Checkpoint checkpoint) {
        JsonNode expected = expected(fixture);
        assertEquals(expected.get("format").asText(), checkpoint.format().name(), fixture + " format");
        List<CheckpointTensor> tensors = checkpoint.tensors();
        JsonNode list = expected.get("tensors");
        assertEquals(list.size(), tensors.size(), fixture + " tensor count");
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            CheckpointTensor t = tensors.get(i);
            String what = fixture + " tensor " + i + " " + t.name();
            assertEquals(e.get("name").asText(), t.name(), what + " name");
            List<Long> shape = new ArrayList<>();
            e.get("shape").forEach(d -> shape.add(d.asLong()));
            assertEquals(shape, boxed(t.shape()), what + " shape");
            assertEquals(e.get("dtype").asText(), t.dataType().toString(), what + " dtype");
            assertEquals(t.numel() * t.dataType().getNumOfBytes(), t.bytes().remaining(), what + " byte count");
            double expectedSum = e.get("sum").asDouble();
            assertEquals(expectedSum, sum(t), 1e-9 * Math.max(1, Math.abs(expectedSum)), what + " sum");
        }
    }

    /** Runs {@code open} expecting a one-line CheckpointException naming the file; returns its message. */
    static String assertOneLineError(Path file, Executable open) {
        CheckpointException e = assertThrows(CheckpointException.class, open);
        String message = e.getMessage();
        assertTrue(message.startsWith(file.toString() + ": "), "names the file: " + message);
        assertTrue(!message.contains("\n") && !message.contains("\r"), "one line: " + message);
        return message;
    }

    static List<Long> boxed(long[] values) {
        List<Long> out = new ArrayList<>();
        for (long v : values) {
            out.add(v);
        }
        return out;
    }

    /** Sum of all elements as float64, decoding every dtype the readers produce. */
    static double sum(CheckpointTensor t) {
        double[] values = values(t);
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    static double[] values(CheckpointTensor t) {
        ByteBuffer b = t.bytes();
        int n = (int) t.numel();
        double[] out = new double[n];
        DataType type = t.dataType();
        for (int i = 0; i < n; i++) {
            out[i] = switch (type) {
                case FLOAT32 -> b.getFloat();
                case FLOAT64 -> b.getDouble();
                case FLOAT16 -> halfToFloat(b.getShort());
                case BFLOAT16 -> Float.intBitsToFloat(Short.toUnsignedInt(b.getShort()) << 16);
                case INT64 -> b.getLong();
                case INT32 -> b.getInt();
                case INT16 -> b.getShort();
                case INT8 -> b.get();
                case UINT8, BOOLEAN -> Byte.toUnsignedInt(b.get());
                default -> throw new IllegalArgumentException("dtype " + type);
            };
        }
        return out;
    }

    /** IEEE 754 binary16 to float (Float.float16ToFloat needs Java 20). */
    static float halfToFloat(short half) {
        int h = Short.toUnsignedInt(half);
        int sign = (h >>> 15) << 31;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f; // subnormal (or zero)
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }
}
