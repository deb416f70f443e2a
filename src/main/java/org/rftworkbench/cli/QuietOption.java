package org.rftworkbench.cli;

import picocli.CommandLine.Option;

/** {@code -q/--quiet} (a picocli mixin): no progress line. The line is shown only on a terminal anyway. */
final class QuietOption {
    @Option(names = {"-q", "--quiet"}, description = "No progress line (it is shown only on a terminal anyway).")
    boolean quiet;

    /** The console progress line on stderr, off with --quiet or without a terminal. */
    ConsoleProgress progress() {
        return new ConsoleProgress(!quiet && System.console() != null);
    }
}
