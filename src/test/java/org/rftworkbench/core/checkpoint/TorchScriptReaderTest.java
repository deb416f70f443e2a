package org.rftworkbench.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Needs the DJL PyTorch engine (bundled CPU native library). */
class TorchScriptReaderTest {
    @TempDir
    Path tmp;

    @Test
    void listsParametersWithValues() throws Exception {
        try (Checkpoint c = CheckpointReader.open(Fixtures.path("torchscript.pt"))) {
            Fixtures.assertMatchesExpected("torchscript.pt", c);
            assertEquals(TorchScriptReader.NOTE, c.metadata().get("rft.note"));
        }
    }

    @Test
    void extensionDoesNotMatter() throws Exception {
        Path renamed = Files.copy(Fixtures.path("torchscript.pt"), tmp.resolve("scripted.bin"));
        try (Checkpoint c = CheckpointReader.open(renamed)) {
            Fixtures.assertMatchesExpected("torchscript.pt", c);
        }
    }

    @Test
    void truncatedTorchScriptIsCorruptZip() throws Exception {
        byte[] bytes = Files.readAllBytes(Fixtures.path("torchscript.pt"));
        Path cut = Files.write(tmp.resolve("cut.pt"), Arrays.copyOf(bytes, bytes.length / 2));
        assertTrue(Fixtures.assertOneLineError(cut, () -> CheckpointReader.open(cut)).contains("corrupt zip"));
    }
}
