package org.rftworkbench.core.service.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectException;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.util.FileAccessPolicy;

/**
 * The folders a server may read projects, checkpoints and datasets from. A client's project path is either relative
 * (tried against each root in order) or absolute; either way it must not contain "..", and its real path (symbolic
 * links resolved) must lie inside a root's real path. Every file the project names (model config, endpoints, class
 * list, dataset files) must lie inside the roots too, so a project cannot reach outside them. Immutable and
 * thread-safe.
 */
public final class ServerRoots {
    private final List<Path> roots;
    private final FileAccessPolicy fileAccess;

    private ServerRoots(List<Path> roots, FileAccessPolicy fileAccess) {
        this.roots = List.copyOf(roots);
        this.fileAccess = fileAccess;
    }

    /** Validates the roots: each must be an existing folder; they are kept as real paths. */
    public static ServerRoots of(List<Path> folders) throws RftException {
        if (folders.isEmpty()) {
            throw new RftException("the server needs at least one root folder (--root)");
        }
        List<Path> real = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                throw new RftException(RftException.at(folder, "root is not an existing folder"));
            }
            try {
                real.add(folder.toRealPath());
            } catch (IOException e) {
                throw new RftException(RftException.at(folder, "cannot resolve root: " + e.getMessage()), e);
            }
        }
        try {
            return new ServerRoots(real, FileAccessPolicy.within(real));
        } catch (IOException e) {
            throw new RftException("cannot resolve the server's roots: " + e.getMessage(), e);
        }
    }

    /**
     * The policy the served jobs open files under: every checkpoint, config, class list, dataset file and each image
     * of an image folder must have its real path (links resolved when it is opened) inside a root. The checks of
     * {@link #resolveProject} at submission only cover the paths a project names; this covers what lies behind them.
     */
    public FileAccessPolicy fileAccess() {
        return fileAccess;
    }

    /** The roots as real paths, in the order relative paths are tried. */
    public List<Path> roots() {
        return roots;
    }

    /**
     * Resolves a client's project path to the real path of an existing project file inside the roots, and checks
     * every path the project names.
     *
     * @throws HttpProblem 400 for a malformed path or project, 403 outside the roots, 404 not found
     */
    Path resolveProject(String project) throws HttpProblem {
        Path file = resolveFile(project);
        LoadedProject loaded;
        try {
            loaded = ProjectStore.load(file);
        } catch (ProjectException e) {
            throw new HttpProblem(400, e.getMessage());
        }
        for (Map.Entry<String, String> ref : references(loaded.spec()).entrySet()) {
            Path target;
            try {
                target = loaded.resolve(ref.getValue());
            } catch (InvalidPathException e) {
                throw new HttpProblem(400, file + ": " + ref.getKey() + " '" + HttpProblem.echo(ref.getValue())
                        + "' is not a valid path");
            }
            if (!isInside(realOrNormal(target))) {
                throw new HttpProblem(403, file + ": " + ref.getKey() + " '" + ref.getValue()
                        + "' is outside the server's roots");
            }
        }
        return file;
    }

    private Path resolveFile(String project) throws HttpProblem {
        if (project == null || project.isBlank()) {
            throw new HttpProblem(400, "the request names no project");
        }
        Path raw;
        try {
            raw = Path.of(project);
        } catch (InvalidPathException e) {
            throw new HttpProblem(400, "project path '" + HttpProblem.echo(project) + "' is not a valid path");
        }
        for (Path element : raw) {
            if (element.toString().equals("..")) {
                throw new HttpProblem(400, "project path '" + HttpProblem.echo(project)
                        + "' must not contain '..'");
            }
        }
        if (raw.isAbsolute()) {
            // Refuse before touching the file system, so a client learns nothing about files outside the roots.
            if (!isInside(raw.normalize())) {
                throw new HttpProblem(403, "project path '" + HttpProblem.echo(project)
                        + "' is outside the server's roots");
            }
            return existingInside(raw, project);
        }
        for (Path root : roots) {
            Path candidate = root.resolve(raw).normalize();
            if (Files.exists(candidate)) {
                return existingInside(candidate, project);
            }
        }
        throw new HttpProblem(404, "project '" + HttpProblem.echo(project) + "' not found under the server's roots "
                + roots);
    }

    /** The real path of an existing regular file that (after resolving links) is still inside the roots. */
    private Path existingInside(Path path, String asGiven) throws HttpProblem {
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw new HttpProblem(404, "project '" + HttpProblem.echo(asGiven) + "' not found on the server");
        }
        if (!isInside(real)) {
            throw new HttpProblem(403, "project path '" + HttpProblem.echo(asGiven)
                    + "' leads outside the server's roots");
        }
        if (!Files.isRegularFile(real)) {
            throw new HttpProblem(400, "project path '" + HttpProblem.echo(asGiven) + "' is not a file");
        }
        return real;
    }

    private boolean isInside(Path absolute) {
        for (Path root : roots) {
            if (absolute.startsWith(root)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The real path of a file, or for a file that does not exist (yet) the real path of its nearest existing folder
     * with the rest appended, so a symbolic link to a folder outside the roots is caught either way.
     */
    private static Path realOrNormal(Path path) {
        Path normal = path.toAbsolutePath().normalize();
        Path existing = normal;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return normal;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(normal));
        } catch (IOException e) {
            return normal;
        }
    }

    /** Every file path a project names, keyed by a label for error messages. */
    private static Map<String, String> references(ProjectSpec p) {
        Map<String, String> refs = new LinkedHashMap<>();
        put(refs, "model config", p.model().config());
        put(refs, "model torchscript", p.model().torchscript());
        put(refs, "endpointA path", p.endpointA().path());
        for (ProjectSpec.Run run : p.runs()) {
            // every run, not only the selected one: a request may pair A with any of them
            put(refs, p.runs().size() == 1 ? "endpointB path" : "run " + run.label() + " path", run.path());
        }
        put(refs, "classesFile", p.classesFile());
        for (ProjectSpec.DatasetEntry d : p.datasets()) {
            put(refs, "dataset " + d.name() + " images", d.images());
            put(refs, "dataset " + d.name() + " labels", d.labels());
        }
        return refs;
    }

    private static void put(Map<String, String> refs, String label, String path) {
        if (path != null) {
            refs.put(label, path);
        }
    }
}
