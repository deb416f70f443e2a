package org.rftworkbench.ui.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.engine.Engines;
import org.testfx.api.FxToolkit;

/**
 * The guard is not a test that cannot fail: it reports file reads, writes, deletes, socket I/O and DJL work on the FX
 * thread, and only there.
 */
class FxThreadGuardTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
        Engines.computeDevices(); // load the native engine here, not while a guard watches
    }

    @Test
    void reportsAFileReadOnTheFxThreadWithItsPathAndStack() throws Exception {
        Path settings = Files.writeString(dir.resolve("settings.json"), "{}");
        List<FxThreadViolation> seen;
        try (FxThreadGuard guard = FxThreadGuard.start()) {
            onFx(() -> {
                try {
                    Files.readString(settings);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            seen = guard.violations();
        }
        FxThreadViolation read = seen.stream().filter(v -> v.kind().equals("file-read")).findFirst().orElseThrow(
                () -> new AssertionError("the read was not reported: " + seen));
        assertEquals(settings.toAbsolutePath().normalize().toString(), read.what());
        assertTrue(read.stack().stream().anyMatch(f -> f.getClassName().equals(FxThreadGuardTest.class.getName())),
                read.describe());
    }

    @Test
    void reportsWritesThroughNioAndJavaIoOnTheFxThread() throws Exception {
        Path viaNio = dir.resolve("out.txt");
        Path viaIo = dir.resolve("out.bin");
        List<FxThreadViolation> seen;
        try (FxThreadGuard guard = FxThreadGuard.start()) {
            onFx(() -> {
                Files.writeString(viaNio, "x");
                try (java.io.FileOutputStream out = new java.io.FileOutputStream(viaIo.toFile())) {
                    out.write(1);
                }
            });
            seen = guard.violations();
        }
        for (Path p : List.of(viaNio, viaIo)) {
            String path = p.toAbsolutePath().normalize().toString();
            assertTrue(seen.stream().anyMatch(v -> v.kind().equals("file-write") && v.what().equals(path)),
                    "the write of " + path + " was not reported: " + seen);
        }
    }

    /**
     * JFR has no event for deleting (or opening, or listing) a file: the stack sampler catches it when it lasts about
     * a millisecond or more, as here; a single quick delete may slip between two samples.
     */
    @Test
    void reportsSustainedDeletingOnTheFxThreadThroughTheSampler() throws Exception {
        List<Path> files = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            files.add(Files.createFile(dir.resolve("f" + i)));
        }
        List<FxThreadViolation> seen;
        try (FxThreadGuard guard = FxThreadGuard.start()) {
            onFx(() -> {
                long end = System.nanoTime() + 300_000_000L; // as a folder of files deleted on the FX thread would
                while (System.nanoTime() < end) {
                    for (Path f : files) {
                        Files.deleteIfExists(f);
                    }
                }
            });
            seen = guard.violations();
        }
        assertTrue(seen.stream().anyMatch(v -> v.kind().equals("file-io") && v.what().contains("deleteIfExists")),
                "the deletes were not reported: " + seen);
    }

    @Test
    void reportsSocketIoOnTheFxThread() throws Exception {
        List<FxThreadViolation> seen;
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                FxThreadGuard guard = FxThreadGuard.start()) {
            onFx(() -> {
                try (java.net.Socket socket = new java.net.Socket(server.getInetAddress(), server.getLocalPort())) {
                    socket.getOutputStream().write(new byte[] {1, 2, 3});
                }
            });
            seen = guard.violations();
        }
        assertTrue(seen.stream().anyMatch(v -> v.kind().equals("socket-write")), "not reported: " + seen);
    }

    @Test
    void fileAccessOffTheFxThreadAndToolkitFilesOnItAreNotViolations() throws Exception {
        Path data = Files.writeString(dir.resolve("data.bin"), "abc");
        try (FxThreadGuard guard = FxThreadGuard.start()) {
            Files.readString(data); // the test thread may read what it likes
            CompletableFuture.runAsync(() -> {
                try {
                    Files.readString(data);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(10, TimeUnit.SECONDS);
            onFx(() -> {
                // the toolkit's own files: JavaFX reads a stylesheet from the class path (a file under
                // target/classes, so a real read that JFR reports, allowed by its path)
                javafx.scene.Scene scene = new javafx.scene.Scene(new javafx.scene.layout.Pane());
                scene.getStylesheets().add(getClass().getResource("/org/rftworkbench/ui/light.css").toExternalForm());
                scene.getRoot().applyCss();
            });
            // a JDK file read on the FX thread long enough for the sampler to see it many times: allowed by its path
            // (the JFR event has one; the sampler, which has none, leaves reads and writes to JFR)
            try (java.io.RandomAccessFile jdkFile = new java.io.RandomAccessFile(
                    Path.of(System.getProperty("java.home"), "lib", "modules").toFile(), "r")) {
                onFx(() -> {
                    byte[] buffer = new byte[4096];
                    long end = System.nanoTime() + 200_000_000L;
                    while (System.nanoTime() < end) {
                        if (jdkFile.read(buffer) < 0) {
                            jdkFile.seek(0);
                        }
                    }
                });
            }
            Thread.sleep(50);
            assertEquals(List.of(), guard.violations(), guard.report());
            assertTrue(guard.samples() > 5, "the sampler took " + guard.samples() + " samples");
        }
    }

    @Test
    void reportsDjlWorkOnTheFxThread() throws Exception {
        List<FxThreadViolation> seen;
        try (FxThreadGuard guard = FxThreadGuard.start()) {
            onFx(() -> {
                long end = System.nanoTime() + 300_000_000L; // long enough for the ~1 ms sampler, as a real stall is
                try (NDManager manager = NDManager.newBaseManager()) {
                    NDArray a = manager.randomUniform(0, 1, new Shape(128, 128));
                    while (System.nanoTime() < end) {
                        a = a.matMul(a).div(a.sum());
                    }
                }
            });
            seen = guard.violations();
        }
        assertTrue(seen.stream().anyMatch(v -> v.kind().equals("djl") && v.what().startsWith("ai.djl.")),
                "DJL on the FX thread was not reported: " + seen);
    }

    /** Runs on the FX thread and waits for it, rethrowing what it threw. */
    private static void onFx(ThrowingRunnable body) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                body.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        done.get(30, TimeUnit.SECONDS);
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
