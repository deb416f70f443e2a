package org.rftworkbench.cli;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rftworkbench.core.interpolate.EndpointLoader;
import org.rftworkbench.core.interpolate.EndpointWeights;
import org.rftworkbench.core.interpolate.WeightDiff;
import org.rftworkbench.core.model.Models;
import org.rftworkbench.core.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code diff A B}: how far B moved from A, per tensor and per block. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Per-tensor and per-block ||B - A||, relative change ||B - A||/||A|| and cosine similarity.")
final class DiffCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "First checkpoint (alpha = 0).")
    Path fileA;

    @Parameters(index = "1", paramLabel = "B", description = "Second checkpoint (alpha = 1).")
    Path fileB;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--blocks", description = "Only the per-block summary.")
    boolean blocksOnly;

    @Override
    public Integer call() throws Exception {
        Models.prepareComputeThread();
        WeightDiff.Result result;
        try (EndpointWeights a = EndpointLoader.load(fileA, n -> true, Device.cpu(), Progress.NONE);
                EndpointWeights b = EndpointLoader.load(fileB, n -> true, Device.cpu(), Progress.NONE)) {
            result = WeightDiff.compute(a, b);
        }
        if (result.nonFinite()) {
            PrintWriter err = spec.commandLine().getErr();
            List<String> names = result.nonFiniteTensors();
            err.println("warning: NaN or Inf in " + names.size() + " tensor" + (names.size() == 1 ? "" : "s") + " ("
                    + String.join(", ", names.subList(0, Math.min(5, names.size()))) + (names.size() > 5 ? ", ..." : "")
                    + "): their rows, their blocks and the total are not meaningful");
            err.flush();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
        } else {
            if (!blocksOnly) {
                print(out, "tensor", result.tensors());
                out.println();
            }
            print(out, "block", result.blocks());
            print(out, null, List.of(result.total()));
        }
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, String title, List<WeightDiff.Row> rows) {
        int width = Math.max(8, rows.stream().mapToInt(r -> r.name().length()).max().orElse(8));
        if (title != null) {
            out.printf(Locale.ROOT, "%-" + width + "s %12s %12s %12s %10s %10s%n", title, "scalars", "||A||",
                    "||B-A||", "rel", "cos(A,B)");
        }
        for (WeightDiff.Row r : rows) {
            out.printf(Locale.ROOT, "%-" + width + "s %12d %12.5g %12.5g %10.4g %10.6f%n", r.name(), r.scalars(),
                    r.normA(), r.normDiff(), r.relative(), r.cosine());
        }
    }
}
