package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code rft-workbench engine} prints the engine report the installer smoke test and bug reports rely on. */
class EngineCommandTest {
    @Test
    void printsVersionsFlavourDevicesAndTheNativeLibraryFolder() {
        StringWriter out = new StringWriter();
        CommandLine cl = Cli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        assertEquals(0, cl.execute("engine"));
        String text = out.toString();
        assertTrue(text.startsWith("rft-workbench "), text);
        assertTrue(text.contains("\nEngine: PyTorch 2.7.1"), text);
        assertTrue(text.contains("\nFlavour: cpu\n"), text);
        assertTrue(text.contains("\nNative library: "), text);
        assertTrue(text.contains("\nLoaded from: bundled native jar"), text);
        assertTrue(text.contains("\nOffline: true\n"), text);
    }
}
