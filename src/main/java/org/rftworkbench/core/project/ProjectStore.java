package org.rftworkbench.core.project;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
        try {
            ProjectSpec p = MAPPER.treeToValue(tree, ProjectSpec.class);
            return new LoadedProject(abs, validate(abs, p), access);
        } catch (JsonProcessingException e) {
            throw new ProjectException(abs, "invalid project: " + PlainMessages.json(e));
        }
    }

    /** Writes a project atomically, keeping the previous version as {@code NAME.bak}. */
    public static void save(ProjectSpec project, Path file) throws ProjectException {
        Path abs = file.toAbsolutePath().normalize();
        try {
            AtomicFiles.write(abs, MAPPER.writeValueAsBytes(project), true);
        } catch (IOException e) {
            throw new ProjectException(abs, "cannot save project: " + e.getMessage(), e);
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
        if (p.endpointA() == null || p.endpointB() == null || p.endpointA().path() == null
                || p.endpointB().path() == null) {
            throw new ProjectException(file, "project needs endpointA and endpointB with a path each");
        }
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
}
