package org.rftworkbench.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.ServiceInfo;
import org.rftworkbench.core.service.remote.BearerToken;
import org.rftworkbench.core.service.remote.ComputeServer;
import org.rftworkbench.core.service.remote.ComputeServiceFactory;
import org.rftworkbench.core.service.remote.LoopbackOverheadBenchmark;
import org.rftworkbench.core.service.remote.ServerConfig;
import org.rftworkbench.core.service.remote.ServerRoots;
import org.rftworkbench.core.util.FileAccessPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code serve}: the compute service, headless, over HTTP + JSON until Ctrl-C (see docs/REMOTE.md). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the compute service headless and serve it over HTTP + JSON, e.g. on a GPU workstation.",
                "Listens on 127.0.0.1 by default: connect through an SSH tunnel (docs/REMOTE.md). Stop with Ctrl-C."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}); any other than "
            + "loopback requires --token-file.")
    String host = ServerConfig.DEFAULT_HOST;

    @Option(names = "--port", description = "TCP port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port = ServerConfig.DEFAULT_PORT;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File whose first line is the access token clients must send (chmod 600).")
    Path tokenFile;

    @Option(names = "--root", paramLabel = "DIR",
            description = "Folder that projects, checkpoints and datasets must lie in (repeatable; default: the "
                    + "current folder). Relative project paths are tried against each root in order.")
    List<Path> roots = new ArrayList<>();

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Result and tensor caches (default: ~/.cache/rft-workbench).")
    Path cacheDir;

    @Option(names = "--benchmark-overhead", paramLabel = "N",
            description = "Instead of serving: time N trivial previews directly and through server + client on "
                    + "127.0.0.1 (in-memory service), print median/p95, exit.")
    Integer benchmarkOverhead;

    @Mixin
    EngineOptions engine = new EngineOptions();

    private final ComputeServiceFactory factory;
    /** Counted down by the shutdown hook (Ctrl-C), or by tests. */
    final CountDownLatch stopRequested = new CountDownLatch(1);
    /** Completes with the server's URL once it listens (for tests). */
    final CompletableFuture<URI> listening = new CompletableFuture<>();

    ServeCommand() {
        this(ServeCommand::embeddedService);
    }

    ServeCommand(ComputeServiceFactory factory) {
        this.factory = factory;
    }

    /**
     * The embedded service this command serves, with its caches under {@code cacheDir} (default: the user cache) and
     * every file its jobs open checked against {@code fileAccess} (the roots).
     */
    static ComputeService embeddedService(Path cacheDir, FileAccessPolicy fileAccess) throws RftException {
        return new org.rftworkbench.core.service.embedded.EmbeddedComputeService(settings(cacheDir, fileAccess));
    }

    private static org.rftworkbench.core.service.embedded.EmbeddedComputeService.Settings settings(Path cacheDir,
            FileAccessPolicy fileAccess) {
        Path root = cacheDir != null ? cacheDir : org.rftworkbench.core.engine.Engines.defaultCacheDir();
        return org.rftworkbench.core.service.embedded.EmbeddedComputeService.Settings.of(root.resolve("results"),
                root.resolve("tensors")).withFileAccess(fileAccess);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (benchmarkOverhead != null) {
            printBenchmark(out, LoopbackOverheadBenchmark.runInMemory(benchmarkOverhead));
            return 0;
        }
        ServerConfig config = configure(out);
        config.validate(); // refuse unsafe settings before the service loads anything
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopRequested.countDown();
            try {
                stopped.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rft-shutdown-hook-serve");
        Runtime.getRuntime().addShutdownHook(hook);
        // --engine spark: the server is the Spark driver (a gateway machine); jobs' files are checked against the
        // roots while the driver plans them, and the executors run the planned parts
        ComputeServiceFactory services = engine.clustered()
                ? (cache, fileAccess) -> engine.service(settings(cache, fileAccess)) : factory;
        try (ComputeService service = services.create(cacheDir, config.roots().fileAccess());
                ComputeServer server = ComputeServer.start(service, config)) {
            printBanner(out, server.url(), service.info(), config);
            listening.complete(server.url());
            stopRequested.await();
            out.println("stopping");
            out.flush();
        } finally {
            stopped.countDown();
            removeHook(hook);
        }
        return 0;
    }

    private ServerConfig configure(PrintWriter out) throws RftException {
        BearerToken token = null;
        if (tokenFile != null) {
            token = BearerToken.of(BearerToken.readFile(tokenFile));
            if (BearerToken.isReadableByOthers(tokenFile)) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("warning: " + tokenFile + ": other users can read the token; run chmod 600 " + tokenFile);
                err.flush();
            }
        }
        ServerRoots serverRoots = ServerRoots.of(roots.isEmpty() ? List.of(Path.of("").toAbsolutePath()) : roots);
        return new ServerConfig(host, port, token, serverRoots, ServerConfig.DEFAULT_MAX_BODY_BYTES);
    }

    private static void printBanner(PrintWriter out, URI url, ServiceInfo info, ServerConfig config) {
        out.println("rft-workbench serve: listening on " + url);
        out.println("  engine:    " + info.engine());
        out.println("  devices:   " + String.join(", ", info.devices()) + " (precision " + info.precision() + ")");
        out.println("  roots:     " + config.roots().roots());
        out.println("  token:     " + (config.token() != null ? "required" : "none (loopback only)"));
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    private static void printBenchmark(PrintWriter out, LoopbackOverheadBenchmark.Result r) {
        out.printf(Locale.ROOT, "loopback overhead: %d previews each way, in-memory service, server + client on "
                + "127.0.0.1 with a token%n", r.requests());
        out.printf(Locale.ROOT, "%-10s %10s %10s%n", "", "median ms", "p95 ms");
        out.printf(Locale.ROOT, "%-10s %10.3f %10.3f%n", "direct", r.direct().medianMillis(), r.direct().p95Millis());
        out.printf(Locale.ROOT, "%-10s %10.3f %10.3f%n", "remote", r.remote().medianMillis(), r.remote().p95Millis());
        out.printf(Locale.ROOT, "%-10s %10.3f %10.3f%n", "overhead", r.overhead().medianMillis(),
                r.overhead().p95Millis());
        out.flush();
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down (Ctrl-C): the hook is running
        }
    }
}
