package org.rftworkbench.cli;

import org.rftworkbench.core.RftException;
import org.rftworkbench.core.project.LoadedProject;
import picocli.CommandLine.Option;

/** {@code --batch-size N} (a picocli mixin): images per forward pass of accuracy evaluations. */
final class BatchSizeOption {
    @Option(names = "--batch-size", paramLabel = "N",
            description = "Images per forward pass (default: the project's, else 128).")
    Integer batchSize;

    /** The option, else the project's batch size; refuses a value below 1. */
    int resolve(LoadedProject project) throws RftException {
        int batch = batchSize != null ? batchSize : project.spec().effectiveBatchSize();
        if (batch <= 0) {
            throw new RftException("--batch-size must be positive");
        }
        return batch;
    }
}
