package org.rftworkbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.checkpoint.Checkpoint;
import org.rftworkbench.core.checkpoint.CheckpointReader;
import org.rftworkbench.core.checkpoint.CheckpointSummary;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.session.ProjectCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rft inspect FILE [--json]}: lists the tensors of a checkpoint (safetensors, torch.save zip state dict,
 * TorchScript) without executing anything from it. Given a project file instead, it lists endpoint A and the runs
 * (label, path, metadata, which one is selected) and checks the project from file headers only
 * ({@link ProjectCheck}: every run against A, the datasets); with {@code --run LABEL} it lists the tensors of that
 * run's checkpoint. Errors surface as {@code RftException}s for the root command to print as one line with exit
 * code 2.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "List the tensors of a checkpoint (format detected from the content, never executed), or the "
                + "endpoints and runs of a project file with a headers-only check.")
public final class InspectCommand implements Callable<Integer> {
    /** Project files are small; a larger JSON file is not read as one. */
    private static final long MAX_PROJECT_BYTES = 16L << 20;

    @Parameters(index = "0", paramLabel = "FILE",
            description = "safetensors, torch.save zip state dict or TorchScript archive; or a project file")
    Path file;

    @Option(names = "--json", description = "Print a JSON summary instead of a table.")
    boolean json;

    @Mixin
    RunOption runOption = new RunOption();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws RftException {
        PrintWriter out = spec.commandLine().getOut();
        if (isProjectFile(file)) {
            LoadedProject project = runOption.select(ProjectStore.load(file));
            if (runOption.label != null) {
                out.print(render(summary(project.resolve(project.spec().endpointB().path()))));
            } else {
                ProjectCheck check = ProjectCheck.run(project);
                out.print(json ? projectJson(project, check) : projectTable(project, check));
            }
        } else {
            if (runOption.label != null) {
                throw new RftException(RftException.at(file, "--run applies to a project file, not a checkpoint"));
            }
            out.print(render(summary(file)));
        }
        out.flush();
        return 0;
    }

    private String render(CheckpointSummary summary) {
        return json ? summary.toJson() : summary.toTable();
    }

    private static CheckpointSummary summary(Path checkpointFile) throws RftException {
        try (Checkpoint checkpoint = CheckpointReader.open(checkpointFile)) {
            return CheckpointSummary.of(checkpoint);
        }
    }

    /** A JSON object with a {@code formatVersion}: what every project file has and no checkpoint (or shard index). */
    static boolean isProjectFile(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_PROJECT_BYTES) {
                return false;
            }
            byte[] bytes = Files.readAllBytes(file);
            int i = 0;
            while (i < bytes.length && Character.isWhitespace(bytes[i])) {
                i++;
            }
            if (i == bytes.length || bytes[i] != '{') {
                return false;
            }
            JsonNode tree = new ObjectMapper().readTree(bytes);
            return tree != null && tree.isObject() && tree.has("formatVersion");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String projectTable(LoadedProject project, ProjectCheck check) {
        ProjectSpec p = project.spec();
        StringBuilder sb = new StringBuilder();
        String nl = System.lineSeparator();
        sb.append("Project:     ").append(p.name()).append(" (format ").append(p.formatVersion()).append(")")
                .append(nl);
        sb.append("File:        ").append(project.file()).append(nl);
        sb.append("A:           ").append(label(p.endpointA().label())).append("  ").append(p.endpointA().path())
                .append(nl);
        sb.append(String.format(Locale.ROOT, "Runs:        %d (* = selected, endpoint B of the pair)%n",
                p.runs().size()));
        ProjectSpec.Run selected = p.selected();
        int width = p.runLabels().stream().mapToInt(String::length).max().orElse(0);
        for (int i = 0; i < p.runs().size(); i++) {
            ProjectSpec.Run run = p.runs().get(i);
            sb.append(run == selected ? "  * " : "    ")
                    .append(String.format(Locale.ROOT, "%-" + width + "s", p.runLabels().get(i))).append("  ")
                    .append(run.path());
            if (run.metadata() != null && !run.metadata().isEmpty()) {
                sb.append("  ");
                for (Map.Entry<String, Object> e : run.metadata().entrySet()) {
                    sb.append(' ').append(e.getKey()).append('=').append(e.getValue());
                }
            }
            sb.append(nl);
        }
        sb.append(check.ok() ? "Check:       ok (headers only)" : "Check:       " + check.problems().size()
                + " problem(s)").append(nl);
        check.problems().forEach(line -> sb.append("  problem: ").append(line).append(nl));
        check.facts().forEach(line -> sb.append("  ").append(line).append(nl));
        return sb.toString();
    }

    private static String projectJson(LoadedProject project, ProjectCheck check) {
        ObjectMapper mapper = CliSupport.json();
        ProjectSpec p = project.spec();
        ObjectNode root = mapper.createObjectNode();
        root.put("project", p.name());
        root.put("file", project.file().toString());
        root.put("formatVersion", p.formatVersion());
        root.set("endpointA", mapper.valueToTree(p.endpointA()));
        ArrayNode runs = root.putArray("runs");
        ProjectSpec.Run selected = p.selected();
        for (ProjectSpec.Run run : p.runs()) {
            ObjectNode node = mapper.valueToTree(run);
            node.put("selected", run == selected);
            runs.add(node);
        }
        root.put("ok", check.ok());
        root.set("problems", mapper.valueToTree(check.problems()));
        root.set("facts", mapper.valueToTree(check.facts()));
        try {
            return mapper.writeValueAsString(root) + System.lineSeparator();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String label(String label) {
        return label == null ? "(no label)" : label;
    }
}
