package org.rftworkbench.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

class EnginesTest {
    @Test
    void pytorchStartsOfflineOnTheCpuHere() {
        assertEquals("PyTorch", Engines.pytorch().getEngineName());
        assertEquals("true", System.getProperty("ai.djl.offline"), "DJL must never try to download");
        // this machine has no GPU; on a GPU machine the default device is gpu(0)
        if (Engines.pytorch().getGpuCount() == 0) {
            assertEquals(Device.cpu(), Engines.defaultDevice());
        }
        assertTrue(Engines.describe().startsWith("PyTorch 2.7.1"), Engines.describe());
    }
}
