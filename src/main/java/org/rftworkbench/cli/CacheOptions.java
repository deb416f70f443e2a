package org.rftworkbench.cli;

import java.nio.file.Path;
import org.rftworkbench.core.engine.Engines;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.Precision;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;
import picocli.CommandLine.Option;

/**
 * The cache options every computing command shares (a picocli mixin), so that one `--cache-dir` means the same
 * folder everywhere: DIR/tensors holds preprocessed images, DIR/results the content-addressed result cache the
 * desktop app also reads.
 */
final class CacheOptions {
    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Workbench cache (default: ~/.cache/rft-workbench): tensors/ and results/ (shared with the app).")
    Path cacheDir;

    @Option(names = "--results-dir", paramLabel = "DIR",
            description = "Result cache (default: CACHE-DIR/results).")
    Path resultsDir;

    Path root() {
        return cacheDir != null ? cacheDir : Engines.defaultCacheDir();
    }

    /** Preprocessed-image (tensor) cache. */
    Path tensors() {
        return root().resolve("tensors");
    }

    /** Content-addressed result cache. */
    Path results() {
        return resultsDir != null ? resultsDir : root().resolve("results");
    }

    /** The compute service the command runs its jobs through, over these caches (fp32 evaluation). */
    ComputeService service() {
        return service(Precision.FP32);
    }

    /** The compute service with the given evaluation precision. */
    ComputeService service(Precision precision) {
        return new EmbeddedComputeService(settings(precision));
    }

    /** The embedded service's settings over these caches. */
    EmbeddedComputeService.Settings settings(Precision precision) {
        return EmbeddedComputeService.Settings.of(results(), tensors()).withPrecision(precision);
    }
}
