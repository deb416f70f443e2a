package org.rftworkbench.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rftworkbench.core.checkpoint.PickleValues.PickleTuple;
import org.rftworkbench.core.checkpoint.PickleValues.TorchTensor;
import org.rftworkbench.core.checkpoint.WeightsOnlyUnpickler.UnpicklingException;

/** Hand-assembled pickles for opcodes and refusals the fixtures do not reach. */
class WeightsOnlyUnpicklerTest {
    /** A tiny pickle assembler: text is written as Latin-1 bytes, ints as raw bytes. */
    private static final class P {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        P op(int... bytes) {
            for (int b : bytes) {
                out.write(b);
            }
            return this;
        }

        P text(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            return this;
        }

        P shortUnicode(String s) { // protocol-4 SHORT_BINUNICODE
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return op(0x8c, b.length).op(toInts(b));
        }

        P global(String module, String name) {
            return op('c').text(module + "\n" + name + "\n");
        }

        Object load() throws UnpicklingException {
            return new WeightsOnlyUnpickler(ByteBuffer.wrap(out.toByteArray())).load();
        }

        private static int[] toInts(byte[] b) {
            int[] out = new int[b.length];
            for (int i = 0; i < b.length; i++) {
                out[i] = Byte.toUnsignedInt(b[i]);
            }
            return out;
        }
    }

    @Test
    void plainContainersAndScalars() throws Exception {
        // {"a": [1, -2, 3.5, True, None], "b": (300, 2**70)} built with MARK/SETITEMS/APPENDS/LONG1/BINFLOAT
        Object top = new P().op(0x80, 2, '}', 'q', 0, '(')
                .shortUnicode("a").op(']', '(', 'K', 1, 'J', 0xfe, 0xff, 0xff, 0xff)
                .op('G', 0x40, 0x0c, 0, 0, 0, 0, 0, 0).op(0x88, 'N', 'e')
                .shortUnicode("b").op('M', 0x2c, 0x01).op(0x8a, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0x40).op(0x86)
                .op('u', '.').load();
        Map<?, ?> map = assertInstanceOf(Map.class, top);
        assertEquals(List.of(1L, -2L, 3.5, true), ((List<?>) map.get("a")).subList(0, 4));
        assertEquals(null, ((List<?>) map.get("a")).get(4));
        PickleTuple b = assertInstanceOf(PickleTuple.class, map.get("b"));
        assertEquals(300L, b.get(0));
        assertEquals(java.math.BigInteger.ONE.shiftLeft(70), b.get(1));
    }

    @Test
    void memoAndOrderedDictAndRebuildTensor() throws Exception {
        // OrderedDict([("w", _rebuild_tensor_v2(pid(FloatStorage,"0",cpu,6), 1, (2,2), (1,2), False, OrderedDict()))])
        Object top = new P().op(0x80, 2).global("collections", "OrderedDict").op('q', 1, ')', 'R', '(')
                .shortUnicode("w").global("torch._utils", "_rebuild_tensor_v2").op('(')
                .op('(').shortUnicode("storage").global("torch", "FloatStorage").shortUnicode("0")
                .shortUnicode("cpu").op('K', 6, 't', 'Q')
                .op('K', 1, 'K', 2, 'K', 2, 0x86, 'K', 1, 'K', 2, 0x86, 0x89, 'h', 1, ')', 'R', 't', 'R')
                .op('u', '.').load();
        TorchTensor t = assertInstanceOf(TorchTensor.class, ((Map<?, ?>) top).get("w"));
        assertEquals(DataType.FLOAT32, t.storage().dataType());
        assertEquals(6, t.storage().numel());
        assertEquals(1, t.storageOffset());
        assertArrayEquals(new long[] {2, 2}, t.size());
        assertEquals(false, t.isContiguous());
        assertEquals(5, t.storageEnd()); // elements 1 + (1*1 + 1*2) = 4 is the last one touched
    }

    @Test
    void gatherCopiesAStridedView() {
        ByteBuffer storage = ByteBuffer.allocate(6 * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) {
            storage.putFloat(i);
        }
        // transpose of the [2,3] matrix [[0,1,2],[3,4,5]]: shape [3,2], strides (1,3)
        TorchTensor t = new TorchTensor(new PickleValues.TorchStorage("0", DataType.FLOAT32, "cpu", 6), 0,
                new long[] {3, 2}, new long[] {1, 3});
        ByteBuffer out = TorchZipReader.gather(t, storage.flip(), 4, 24);
        float[] values = new float[6];
        out.order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, values);
    }

    @Test
    void refusesCodeCarryingGlobalsEverywhere() {
        assertRefused(new P().op(0x80, 2, '}', 'X', 1, 0, 0, 0).text("k").global("os", "system")
                .op('X', 2, 0, 0, 0).text("id").op(0x85, 'R', 's', '.'), "refuses global os.system (only tensors");
        assertRefused(new P().op(0x80, 4).shortUnicode("builtins").shortUnicode("eval").op(0x93, '.'),
                "refuses global builtins.eval");
        assertRefused(new P().op('(').text("isubprocess\nPopen\n."), "refuses global subprocess.Popen");
        assertRefused(new P().op(0x80, 2, 0x82, 1, '.'), "copyreg extension");
        // builtins.getattr is a builtin but not a container constructor
        assertRefused(new P().global("__builtin__", "getattr").op('.'), "refuses global __builtin__.getattr");
    }

    @Test
    void modelObjectsGetTheExportHint() {
        assertRefused(new P().op(0x80, 2).global("__main__", "Net").op(')', 0x81, '.'),
                "refuses global __main__.Net: " + WeightsOnlyUnpickler.MODEL_OBJECT_HINT);
        assertRefused(new P().op(0x80, 2, '}', '(').shortUnicode("m").global("torch.nn.modules.linear", "Linear")
                .op(')', 0x81, 'u', '.'), "torch.nn.modules.linear.Linear: " + WeightsOnlyUnpickler.MODEL_OBJECT_HINT);
    }

    @Test
    void allowedGlobalsCannotBeMisused() {
        assertRefused(new P().global("torch", "FloatStorage").op(')', 'R', '.'), "cannot call torch.FloatStorage");
        assertRefused(new P().global("torch._utils", "_rebuild_tensor_v2").op(')', 0x81, '.'),
                "cannot instantiate torch._utils._rebuild_tensor_v2");
        assertRefused(new P().op(']', '}', 'b', '.'), "BUILD on list");
    }

    @Test
    void corruptPicklesFailCleanly() {
        assertRefused(new P().op(0x80, 2, 'X', 0xff, 0xff, 0, 0), "runs past the end");
        assertRefused(new P().op(0x80, 2, 'h', 7, '.'), "memo key 7 is missing");
        assertRefused(new P().op(0x80, 2, 0xff), "unknown opcode 0xff");
        assertRefused(new P().op(0x80, 2, '.'), "corrupt pickle");
        assertRefused(new P().op(0x80, 2, 't'), "no MARK");
    }

    private static void assertRefused(P pickle, String expected) {
        UnpicklingException e = assertThrows(UnpicklingException.class, pickle::load);
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
