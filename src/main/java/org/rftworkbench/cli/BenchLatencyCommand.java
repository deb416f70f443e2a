package org.rftworkbench.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.engine.Engines;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.PreviewRequest;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;
import org.rftworkbench.core.service.estimate.ProgressiveSchedule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bench-latency PROJECT}: how "live" the alpha slider is. For random alpha moves, the time from submitting a
 * preview to its first estimate covering every dataset, and to the exact full-set values. Results go to a fresh
 * temporary result cache, so every move is computed, never served from the cache.
 */
@Command(name = "bench-latency", mixinStandardHelpOptions = true,
        description = "Latency of live previews: submit -> first estimate for all datasets, and -> exact values.")
final class BenchLatencyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROJECT", description = "Project file (JSON).")
    Path projectFile;

    @Option(names = "--moves", description = "Random alpha moves (default: ${DEFAULT-VALUE}).")
    int moves = 50;

    @Option(names = "--seed", description = "Seed of the random alphas (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--first", description = "Images per dataset in the first step (default: ${DEFAULT-VALUE}).")
    int first = ProgressiveSchedule.DEFAULT.first();

    @Option(names = "--factor", description = "Growth of the subset per step (default: ${DEFAULT-VALUE}).")
    int factor = ProgressiveSchedule.DEFAULT.factor();

    @Mixin
    CacheOptions caches = new CacheOptions();

    @Override
    public Integer call() throws Exception {
        if (moves < 1) {
            throw new RftException("--moves must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path tensors = caches.tensors();
        Path results = Files.createTempDirectory("rft-bench-latency");
        String project = projectFile.toAbsolutePath().toString();
        double[] firstMs = new double[moves];
        double[] exactMs = new double[moves];
        try (EmbeddedComputeService service = new EmbeddedComputeService(EmbeddedComputeService.Settings
                .of(results, tensors).withSchedule(new ProgressiveSchedule(first, factor)))) {
            // warm-up: opens the project on the device and runs every code path once
            CliSupport.await(service.preview(new PreviewRequest(project, 0.123456789, null, null), Priority.INTERACTIVE,
                    "slider", null));
            Random random = new Random(seed);
            for (int i = 0; i < moves; i++) {
                double alpha = random.nextDouble();
                AtomicLong firstEstimate = new AtomicLong(-1);
                long start = System.nanoTime();
                var job = service.preview(new PreviewRequest(project, alpha, null, null), Priority.INTERACTIVE,
                        "slider", event -> {
                            if (event instanceof JobEvent.Estimates e && e.datasets().stream().allMatch(d -> d.n() > 0)) {
                                firstEstimate.compareAndSet(-1, System.nanoTime());
                            }
                        });
                CliSupport.await(job);
                long end = System.nanoTime();
                firstMs[i] = (firstEstimate.get() - start) / 1e6;
                exactMs[i] = (end - start) / 1e6;
                spec.commandLine().getErr().printf(Locale.ROOT, "move %d alpha %.4f: first %.1f ms, exact %.1f ms%n",
                        i + 1, alpha, firstMs[i], exactMs[i]);
                spec.commandLine().getErr().flush();
            }
        } finally {
            deleteTree(results);
        }
        out.printf(Locale.ROOT, "project %s, %d random alpha moves (seed %d), schedule %d x%d, %s%n", projectFile,
                moves, seed, first, factor, Engines.describe());
        out.printf(Locale.ROOT, "first estimate (all datasets): median %.1f ms, p95 %.1f ms, max %.1f ms%n",
                percentile(firstMs, 50), percentile(firstMs, 95), percentile(firstMs, 100));
        out.printf(Locale.ROOT, "exact full-set values:         median %.1f ms, p95 %.1f ms, max %.1f ms%n",
                percentile(exactMs, 50), percentile(exactMs, 95), percentile(exactMs, 100));
        out.flush();
        return 0;
    }

    /** Nearest-rank percentile. */
    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        List<Path> paths = new ArrayList<>();
        try (var walk = Files.walk(root)) {
            walk.forEach(paths::add);
        }
        for (int i = paths.size() - 1; i >= 0; i--) {
            Files.deleteIfExists(paths.get(i));
        }
    }
}
