package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.data.PreprocessConfig;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.PreviewRequest;
import org.rftworkbench.core.service.PreviewResult;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.remote.EchoComputeService;
import org.rftworkbench.core.service.remote.RemoteComputeService;
import picocli.CommandLine;

/** {@code serve}: refuses unsafe settings up front, serves a service until stopped, and runs its benchmark. */
class ServeCommandTest {
    private static final String TOKEN = "fedcba9876543210fedcba9876543210";

    @TempDir
    Path dir;

    @Test
    void refusesNonLoopbackHostWithoutAToken() {
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("serve", "--host", "0.0.0.0", "--port", "0", "--root", dir.toString());
        assertEquals(Cli.EXIT_USER_ERROR, code);
        assertTrue(err.toString().startsWith("error: --host 0.0.0.0: refusing to listen on a non-loopback address"),
                err.toString());
        assertEquals(1, err.toString().lines().count(), "one line, no stack trace");
    }

    @Test
    void refusesAShortToken() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), "short\n");
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertEquals(Cli.EXIT_USER_ERROR, cl.execute("serve", "--port", "0", "--token-file", tokenFile.toString()));
        assertTrue(err.toString().contains("token must be at least"), err.toString());
    }

    @Test
    void servesTheServiceWithATokenUntilStopped() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        Path root = Files.createDirectories(dir.resolve("projects"));
        writeProject(root.resolve("p"));
        ServeCommand serve = new ServeCommand((cacheDir, fileAccess) -> new EchoComputeService());
        CommandLine cl = new CommandLine(serve);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("--port", "0",
                "--token-file", tokenFile.toString(), "--root", root.toString()));
        URI url = serve.listening.get(20, TimeUnit.SECONDS);
        assertEquals("127.0.0.1", url.getHost());
        try (RemoteComputeService client = RemoteComputeService.connect(url, TOKEN)) {
            assertEquals("echo (no engine)", client.info().engine());
            PreviewResult r = client.preview(new PreviewRequest("p/project.json", 0.25, List.of(), null),
                    Priority.INTERACTIVE, "alpha-preview", e -> { }).result().get(20, TimeUnit.SECONDS);
            assertEquals(0.25, r.alpha());
            assertEquals(6, r.datasets().size());
        }
        assertThrows(RftException.class, () -> RemoteComputeService.connect(url, null).close());
        serve.stopRequested.countDown();
        assertEquals(0, exit.get(20, TimeUnit.SECONDS));
        assertTrue(out.toString().contains("listening on " + url), out.toString());
        assertTrue(out.toString().contains("token:     required"), out.toString());
        assertEquals("", err.toString(), "no permission warning for a 600 token file");
        assertThrows(RftException.class, () -> RemoteComputeService.connect(url, TOKEN).close(), "stopped");
    }

    @Test
    void benchmarkOptionPrintsMedianAndP95() {
        StringWriter out = new StringWriter();
        CommandLine cl = Cli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        assertEquals(0, cl.execute("serve", "--benchmark-overhead", "5"));
        assertTrue(out.toString().contains("5 previews each way"), out.toString());
        assertTrue(out.toString().lines().anyMatch(l -> l.startsWith("overhead")), out.toString());
    }

    private static void writeProject(Path folder) throws Exception {
        Files.createDirectories(folder);
        ProjectStore.save(new ProjectSpec(ProjectSpec.FORMAT_VERSION, "t", null, new ProjectSpec.ModelSpec(null, "ViT-B-32", null),
                new ProjectSpec.Endpoint("zero-shot", "a.safetensors"), new ProjectSpec.Endpoint("fine-tuned", "b.safetensors"),
                List.of("c0", "c1"), null, PreprocessConfig.clip(32),
                List.of(new ProjectSpec.DatasetEntry("id", ProjectSpec.Role.ID, ProjectSpec.Format.IDX, "x.gz", "y.gz", null)),
                null, null, null), folder.resolve("project.json"));
    }
}
