package org.rftworkbench.cli;

import picocli.CommandLine.Option;

/**
 * {@code --allow-non-finite} (a picocli mixin): evaluate checkpoints that hold NaN/Inf, with a warning naming the
 * tensors, instead of refusing them. Passed into every request a command submits, so the service applies the same
 * rule as for the app and the server.
 */
final class NonFiniteOption {
    @Option(names = "--allow-non-finite",
            description = "Evaluate checkpoints that hold NaN/Inf (with a warning) instead of refusing them.")
    boolean allowNonFinite;
}
