package org.rftworkbench.core.service.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.data.PreprocessConfig;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.JobHandle;
import org.rftworkbench.core.service.PreviewRequest;
import org.rftworkbench.core.service.Priority;

/**
 * Measures what remote mode adds per request: the same preview submitted directly to a service and through a
 * {@link ComputeServer} + {@link RemoteComputeService} on 127.0.0.1 (with a token, as across machines), alternating,
 * timed from submission to the completed result. With {@link EchoComputeService} the direct time is ~0 and the
 * remote time is the transport's overhead: two HTTP exchanges (submit, event stream), JSON both ways, the token check
 * and the server's project path checks.
 */
public final class LoopbackOverheadBenchmark {
    private static final long TIMEOUT_S = 60;

    private LoopbackOverheadBenchmark() {
    }

    /** Median and 95th percentile of a set of timings, milliseconds. */
    public record Stats(double medianMillis, double p95Millis) {
        static Stats of(double[] millis) {
            double[] sorted = millis.clone();
            Arrays.sort(sorted);
            return new Stats(percentile(sorted, 0.5), percentile(sorted, 0.95));
        }

        /** Nearest-rank percentile of sorted values. */
        private static double percentile(double[] sorted, double q) {
            int rank = (int) Math.ceil(q * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }
    }

    /**
     * @param requests timed requests per path
     * @param direct   submit-to-result through the service itself
     * @param remote   the same through server + client
     * @param overhead remote minus direct, per request pair
     */
    public record Result(int requests, Stats direct, Stats remote, Stats overhead) {
    }

    /**
     * Runs {@code requests} timed previews each way (after as many untimed warm-up pairs, at most 50).
     *
     * @param request a preview whose project lies inside {@code roots} (an absolute path works for both paths)
     */
    public static Result run(ComputeService service, PreviewRequest request, ServerRoots roots, int requests)
            throws RftException {
        if (requests <= 0) {
            throw new RftException("the benchmark needs at least one request");
        }
        String token = HexFormat.of().formatHex(randomBytes());
        ServerConfig config = ServerConfig.loopback(roots).withToken(BearerToken.of(token));
        try (ComputeServer server = ComputeServer.start(service, config);
                RemoteComputeService client = RemoteComputeService.connect(server.url(), token)) {
            for (int i = 0; i < Math.min(50, requests); i++) {
                time(service, request);
                time(client, request);
            }
            double[] direct = new double[requests];
            double[] remote = new double[requests];
            double[] overhead = new double[requests];
            for (int i = 0; i < requests; i++) {
                direct[i] = time(service, request);
                remote[i] = time(client, request);
                overhead[i] = remote[i] - direct[i];
            }
            return new Result(requests, Stats.of(direct), Stats.of(remote), Stats.of(overhead));
        }
    }

    /** {@link #run} over an {@link EchoComputeService} and a throwaway project in a temporary root. */
    public static Result runInMemory(int requests) throws RftException {
        Path root = null;
        try {
            root = Files.createTempDirectory("rft-overhead");
            Path project = root.resolve("project.json");
            ProjectStore.save(new ProjectSpec(ProjectSpec.FORMAT_VERSION, "overhead", null,
                    new ProjectSpec.ModelSpec(null, "ViT-B-32", null), new ProjectSpec.Endpoint("zero-shot", "a.safetensors"),
                    new ProjectSpec.Endpoint("fine-tuned", "b.safetensors"), List.of("c0", "c1"), null,
                    PreprocessConfig.clip(224), List.of(new ProjectSpec.DatasetEntry("id_clean", ProjectSpec.Role.ID,
                            ProjectSpec.Format.IDX, "images.gz", "labels.gz", null)), null, null, null), project);
            try (EchoComputeService echo = new EchoComputeService()) {
                return run(echo, new PreviewRequest(project.toRealPath().toString(), 0.5, List.of(), null),
                        ServerRoots.of(List.of(root)), requests);
            }
        } catch (IOException e) {
            throw new RftException("cannot create the benchmark's temporary project: " + e.getMessage(), e);
        } finally {
            deleteQuietly(root);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static double time(ComputeService service, PreviewRequest request) throws RftException {
        long start = System.nanoTime();
        JobHandle<?> job = service.preview(request, Priority.INTERACTIVE, null, e -> { });
        try {
            job.result().get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new RftException("benchmark preview failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new RftException("benchmark preview did not finish within " + TIMEOUT_S + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RftException("benchmark interrupted");
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static void deleteQuietly(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder; the OS cleans it eventually
        }
    }
}
