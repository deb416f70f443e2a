package org.rftworkbench.cli;

import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectException;
import picocli.CommandLine.Option;

/**
 * {@code --run LABEL} (a picocli mixin): which fine-tuned run of a project is endpoint B of the pair a command works
 * on. Without it, the pair the project file selects (its {@code selectedRun}, else its first run); single-pair
 * projects have one run, so the option is only needed for pools (format 3). Passed into every request the command
 * submits, so the service opens the same pair.
 */
final class RunOption {
    @Option(names = "--run", paramLabel = "LABEL",
            description = "Pair A with this run of the project's runs (default: the project's selectedRun, else its "
                    + "first run).")
    String label;

    /** The project with the chosen run selected; an unknown label is one line listing the labels. */
    LoadedProject select(LoadedProject project) throws ProjectException {
        return project.withSelectedRun(label);
    }
}
