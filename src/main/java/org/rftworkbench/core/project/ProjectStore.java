package org.rftworkbench.core.project;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.rftworkbench.core.util.AtomicFiles;
import org.rftworkbench.core.util.FileAccessException;
import org.rftworkbench.core.util.FileAccessPolicy;
import org.rftworkbench.core.util.PlainMessages;

/**
 * Reads and writes project files. Writes are atomic: the new content goes to a temporary file in the same folder,
 * is flushed to disk, the previous file is kept as {@code NAME.bak}, and the temporary file is renamed over the
 * original, so a crash never leaves a half-written project. Stateless and thread-safe.
 */
public final class ProjectStore {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ProjectStore() {
    }

    /** Reads a project; refuses files written by a newer format version. */
    public static LoadedProject load(Path file) throws ProjectException {
        return load(file, FileAccessPolicy.ALLOW_ALL);
    }

    /**
     * Reads a project whose files (this one included) are opened under {@code access}: the project file is checked
     * here, the files it names when they are opened ({@link LoadedProject#checked}).
     */
    public static LoadedProject load(Path file, FileAccessPolicy access) throws ProjectException {
        Path abs = file.toAbsolutePath().normalize();
        JsonNode tree;
        try {
            Path readable = access.check(abs);
            tree = MAPPER.readTree(Files.readAllBytes(readable));
        } catch (FileAccessException e) {
            throw new ProjectException(e);
        } catch (NoSuchFileException e) {
            throw new ProjectException(abs, "project file not found");
        } catch (JsonProcessingException e) {
            String problem = PlainMessages.json(e);
            throw new ProjectException(abs, e instanceof JsonParseException ? problem
                    : "not valid JSON: " + problem);
        } catch (IOException e) {
            throw new ProjectException(abs, "cannot read project file: " + PlainMessages.of(e), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new ProjectException(abs, "not a project file (expected a JSON object)");
        }
        JsonNode version = tree.get("formatVersion");
        if (version == null || !version.canConvertToInt()) {
            throw new ProjectException(abs, "not a project file (no formatVersion)");
        }
        if (version.asInt() > ProjectSpec.FORMAT_VERSION) {
            throw new ProjectException(abs, "written by a newer RFT Workbench (format " + version.asInt()
                    + "; this version reads up to " + ProjectSpec.FORMAT_VERSION + "); please upgrade");
        }
        if (tree.has("endpointB")) {
            // formats 1 and 2 name one fine-tuned endpoint: it becomes the project's only run
            JsonNode endpointB = ((ObjectNode) tree).remove("endpointB");
            if (tree.has("runs")) {
                throw new ProjectException(abs, "project names both endpointB and runs; keep runs (format 3 lists"
                        + " every fine-tuned endpoint there)");
            }
            if (!endpointB.isNull()) {
                ((ObjectNode) tree).putArray("runs").add(endpointB);
            }
        }
        try {
            ProjectSpec p = MAPPER.treeToValue(tree, ProjectSpec.class);
            return new LoadedProject(abs, validate(abs, p), access);
        } catch (JsonProcessingException e) {
            throw new ProjectException(abs, "invalid project: " + PlainMessages.json(e));
        }
    }

    /**
     * Writes a project atomically in the current format ({@link ProjectSpec#upgraded}), keeping the previous version
     * as {@code NAME.bak}. When the file being replaced is of an older format, it is also kept as
     * {@code NAME.formatN.bak} (never overwritten), since an older RFT Workbench cannot read the new one and the
     * next save replaces {@code NAME.bak}.
     */
    public static void save(ProjectSpec project, Path file) throws ProjectException {
        Path abs = file.toAbsolutePath().normalize();
        try {
            int previous = formatOnDisk(abs);
            if (previous > 0 && previous < ProjectSpec.FORMAT_VERSION) {
                Path backup = abs.resolveSibling(abs.getFileName() + ".format" + previous + ".bak");
                if (!Files.exists(backup)) {
                    Files.copy(abs, backup);
                }
            }
            AtomicFiles.write(abs, MAPPER.writeValueAsBytes(project.upgraded()), true);
        } catch (IOException e) {
            throw new ProjectException(abs, "cannot save project: " + e.getMessage(), e);
        }
    }

    /** The formatVersion of an existing project file; 0 when there is none or it cannot be read as one. */
    private static int formatOnDisk(Path file) {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        try {
            JsonNode version = MAPPER.readTree(Files.readAllBytes(file)).get("formatVersion");
            return version != null && version.canConvertToInt() ? version.asInt() : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }


    private static ProjectSpec validate(Path file, ProjectSpec p) throws ProjectException {
        if (p.model() == null) {
            throw new ProjectException(file, "project has no model");
        }
        int kinds = (p.model().config() != null ? 1 : 0) + (p.model().builtin() != null ? 1 : 0)
                + (p.model().torchscript() != null ? 1 : 0);
        if (kinds != 1) {
            throw new ProjectException(file, "model must name exactly one of config, builtin or torchscript");
        }
        if (p.endpointA() == null || p.endpointA().path() == null || p.runs() == null || p.runs().isEmpty()) {
            throw new ProjectException(file, "project needs endpointA and endpointB with a path each (format 3:"
                    + " endpointA and a non-empty list of runs)");
        }
        validateRuns(file, p);
        if (p.datasets() == null || p.datasets().isEmpty()) {
            throw new ProjectException(file, "project has no datasets");
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (ProjectSpec.DatasetEntry d : p.datasets()) {
            if (d == null) {
                throw new ProjectException(file, "datasets must be objects (found null)");
            }
            if (d.name() == null || d.role() == null || d.format() == null || d.images() == null) {
                throw new ProjectException(file, "every dataset needs name, role, format and images");
            }
            if (!names.add(d.name())) {
                throw new ProjectException(file, "dataset name '" + d.name() + "' is used twice");
            }
            if (d.format() == ProjectSpec.Format.IDX && d.labels() == null) {
                throw new ProjectException(file, "IDX dataset '" + d.name() + "' needs a labels file");
            }
            if (d.format() == ProjectSpec.Format.NPY && d.labels() == null) {
                throw new ProjectException(file, "npy dataset '" + d.name() + "' needs a labels file");
            }
        }
        if (p.preprocess() == null) {
            throw new ProjectException(file, "project has no preprocess settings");
        }
        return p;
    }

    /** Every run has a path and, when there are several, a label of its own; metadata values are plain. */
    private static void validateRuns(Path file, ProjectSpec p) throws ProjectException {
        java.util.Set<String> labels = new java.util.HashSet<>();
        for (int i = 0; i < p.runs().size(); i++) {
            ProjectSpec.Run run = p.runs().get(i);
            String which = "run " + (i + 1);
            if (run == null) {
                throw new ProjectException(file, which + " must be an object (found null)");
            }
            if (run.label() != null) {
                which = "run '" + run.label() + "'";
                if (run.label().isBlank()) {
                    throw new ProjectException(file, "run " + (i + 1) + " has a blank label");
                }
                if (!labels.add(run.label())) {
                    throw new ProjectException(file, "run label '" + run.label() + "' is used twice");
                }
            } else if (p.runs().size() > 1) {
                throw new ProjectException(file, which + " has no label (every run needs one when there are"
                        + " several)");
            }
            if (run.path() == null || run.path().isBlank()) {
                throw new ProjectException(file, which + " has no path");
            }
            if (run.metadata() != null) {
                for (java.util.Map.Entry<String, Object> e : run.metadata().entrySet()) {
                    Object v = e.getValue();
                    if (e.getKey().isBlank()) {
                        throw new ProjectException(file, which + ": metadata keys must not be blank");
                    }
                    if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                        throw new ProjectException(file, which + ": metadata '" + e.getKey()
                                + "' must be a string, number or boolean (found " + kindOf(v) + ")");
                    }
                }
            }
        }
        if (p.selectedRun() != null && p.run(p.selectedRun()).isEmpty()) {
            throw new ProjectException(file, "selectedRun '" + p.selectedRun() + "' is not a run label (runs: "
                    + String.join(", ", p.runLabels()) + ")");
        }
    }

    private static String kindOf(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof java.util.Map) {
            return "an object";
        }
        if (value instanceof java.util.List) {
            return "a list";
        }
        return value.getClass().getSimpleName();
    }
}
