package org.rftworkbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rftworkbench.core.checkpoint.Checkpoint;
import org.rftworkbench.core.checkpoint.CheckpointException;
import org.rftworkbench.core.checkpoint.CheckpointReader;
import org.rftworkbench.core.checkpoint.CheckpointSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rft inspect FILE [--json]}: lists the tensors of a checkpoint (safetensors, torch.save zip state dict,
 * TorchScript) without executing anything from it. Errors surface as {@link CheckpointException} (an
 * {@code RftException}) for the root command to print as one line with exit code 2.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "List the tensors of a checkpoint (format detected from the content, never executed).")
public final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE",
            description = "safetensors, torch.save zip state dict or TorchScript archive")
    Path file;

    @Option(names = "--json", description = "Print a JSON summary instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws CheckpointException {
        CheckpointSummary summary;
        try (Checkpoint checkpoint = CheckpointReader.open(file)) {
            summary = CheckpointSummary.of(checkpoint);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? summary.toJson() : summary.toTable());
        out.flush();
        return 0;
    }
}
