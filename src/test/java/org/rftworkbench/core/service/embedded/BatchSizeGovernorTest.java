package org.rftworkbench.core.service.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.EngineException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batch halving on out-of-memory, with a fake device that only fits 24 images. */
class BatchSizeGovernorTest {
    private static int fakeDevice(int batch, List<Integer> tried) {
        tried.add(batch);
        if (batch > 24) {
            throw new EngineException("CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 79.15 GiB total)");
        }
        return batch;
    }

    @Test
    void halvesUntilTheBatchFitsAndRemembersIt() {
        BatchSizeGovernor governor = new BatchSizeGovernor();
        List<Integer> tried = new ArrayList<>();
        assertEquals(16, (int) governor.<Integer>run(128, b -> fakeDevice(b, tried)));
        assertEquals(List.of(128, 64, 32, 16), tried);
        tried.clear();
        assertEquals(16, (int) governor.<Integer>run(256, b -> fakeDevice(b, tried)), "later work starts at the reduced size");
        assertEquals(List.of(16), tried);
        assertEquals(8, (int) governor.<Integer>run(8, b -> fakeDevice(b, tried)), "smaller requests are kept");
    }

    @Test
    void otherErrorsAndBatchOneFailuresPropagate() {
        BatchSizeGovernor governor = new BatchSizeGovernor();
        IllegalStateException other = new IllegalStateException("shape mismatch");
        assertSame(other, assertThrows(IllegalStateException.class, () -> governor.run(64, b -> {
            throw other;
        })));
        assertEquals(Integer.MAX_VALUE, governor.cap());
        assertThrows(EngineException.class, () -> governor.run(4, b -> {
            throw new EngineException("DefaultCPUAllocator: can't allocate memory: you tried to allocate 1 bytes");
        }));
        assertEquals(1, governor.cap());
    }

    @Test
    void recognisesEngineOutOfMemoryMessagesAlongTheCauseChain() {
        assertTrue(BatchSizeGovernor.isOutOfMemory(new RuntimeException("wrapped",
                new EngineException("CUDA out of memory."))));
        assertFalse(BatchSizeGovernor.isOutOfMemory(new RuntimeException("index out of range")));
    }
}
