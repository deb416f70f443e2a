package org.rftworkbench.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.engine.EngineReport.NativeLibrarySource;

/** Help > Engine and {@code rft-workbench engine}: where the native library came from, and the flavour DJL assumed. */
class EngineReportTest {
    @TempDir
    Path dir;

    @Test
    void theBundledCpuLibraryIsReportedWithItsFolderFlavourAndDevices() {
        EngineReport report = Engines.report();
        assertEquals("PyTorch", report.engine());
        assertTrue(report.engineVersion().startsWith("2.7.1"), report.engineVersion());
        assertEquals("cpu", report.flavor());
        assertEquals(NativeLibrarySource.BUNDLED_JAR, report.nativeLibrarySource());
        assertTrue(report.offline(), "DJL must stay offline");
        Path libraryDir = Path.of(report.nativeLibraryDir());
        assertTrue(Files.isRegularFile(libraryDir.resolve(System.mapLibraryName("torch"))), libraryDir.toString());
        // the bundled jar is extracted into DJL's engine cache, which Engines points at a user-writable folder
        assertTrue(libraryDir.startsWith(Path.of(report.engineCacheDir())), libraryDir + " vs " + report.engineCacheDir());
        assertEquals(Engines.computeDevices().stream().map(Object::toString).toList(), report.devices());
        if (report.devices().contains("cpu()")) {
            assertEquals("none", report.lines().get(3).substring("CUDA: ".length()));
        }
    }

    @Test
    void linesNameEveryFactInOrder() {
        EngineReport report = new EngineReport("PyTorch", "2.7.1", "0.36.0", "cu128", List.of("gpu(0)", "gpu(1)"),
                "12.8", "/opt/libtorch/lib", NativeLibrarySource.PYTORCH_LIBRARY_PATH, true, "/home/u/.cache/djl");
        assertEquals(List.of("Engine: PyTorch 2.7.1 (DJL 0.36.0)", "Flavour: cu128", "Devices: gpu(0), gpu(1)",
                "CUDA: 12.8", "Native library: /opt/libtorch/lib", "Loaded from: PYTORCH_LIBRARY_PATH override",
                "Offline: true", "Engine cache: /home/u/.cache/djl"), report.lines());
    }

    @Test
    void anOverrideFolderIsRecognisedOnEitherSearchPathAsFolderOrFile() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("libtorch/lib"));
        Path torch = Files.writeString(lib.resolve(System.mapLibraryName("torch")), "");
        String elsewhere = dir.resolve("other").toString();
        assertEquals(NativeLibrarySource.PYTORCH_LIBRARY_PATH,
                Engines.sourceOf(lib, elsewhere + File.pathSeparator + lib, null));
        assertEquals(NativeLibrarySource.PYTORCH_LIBRARY_PATH, Engines.sourceOf(lib, torch.toString(), null));
        assertEquals(NativeLibrarySource.JAVA_LIBRARY_PATH, Engines.sourceOf(lib, elsewhere, "/usr/lib:" + lib));
        assertEquals(NativeLibrarySource.BUNDLED_JAR, Engines.sourceOf(lib, elsewhere, "/usr/lib"));
        assertEquals(NativeLibrarySource.BUNDLED_JAR, Engines.sourceOf(lib, "", ""));
    }

    @Test
    void anOverrideTakesPytorchFlavorOrDjlsDefaultWhileTheBundledJarKeepsItsOwn() {
        assertEquals("cu128", Engines.flavorOf(NativeLibrarySource.PYTORCH_LIBRARY_PATH, "cpu", "cu128"));
        assertTrue(Engines.flavorOf(NativeLibrarySource.JAVA_LIBRARY_PATH, "cpu", null).startsWith("cpu-precxx11"));
        assertEquals("cpu", Engines.flavorOf(NativeLibrarySource.BUNDLED_JAR, "cpu", "cu128"));
    }
}
