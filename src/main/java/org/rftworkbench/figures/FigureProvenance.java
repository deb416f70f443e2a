package org.rftworkbench.figures;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rftworkbench.core.Version;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.util.Hashing;
import org.rftworkbench.core.util.PortablePaths;

/**
 * How the numbers behind a figure were made: written as the JSON sidecar and embedded (as JSON) in the SVG and PDF
 * metadata and the PNG text chunks. Immutable.
 *
 * @param tool        "rft-workbench"
 * @param version     tool version ({@link Version#get()})
 * @param created     ISO-8601 UTC time the figure was made
 * @param project     project file, or null
 * @param checkpoints the endpoints (and any other checkpoint) with their SHA-256
 * <p>Paths are as the process saw them (absolute); {@link #withPortablePaths()} rewrites them relative to the
 * project folder, which is what {@link FigureExporter} writes unless absolute paths are asked for.
 * @param datasets    dataset name -> identity (role, n, content key, ...)
 * @param alphaGrid   the alphas evaluated
 * @param settings    every metric, sharpness or sparsity setting that shaped the numbers (batch size, alpha
 *                    convention, per-layer alphas, preprocessing, radius, seeds, ...)
 * @param sources     result files the numbers were read from, if any, with their SHA-256
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FigureProvenance(String tool, String version, String created, String project,
        List<CheckpointRef> checkpoints, Map<String, Object> datasets, List<Double> alphaGrid,
        Map<String, Object> settings, List<SourceFile> sources) {

    /** A checkpoint file and the SHA-256 of its bytes. */
    public record CheckpointRef(String label, String path, String sha256) {
    }

    /** A result file the numbers were read from and the SHA-256 of its bytes (null if it could not be read). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SourceFile(String path, String sha256) {
        /** The file's absolute path and hash. */
        public static SourceFile of(Path file) {
            String sha;
            try {
                sha = Hashing.sha256(file);
            } catch (IOException | UncheckedIOException e) {
                sha = null;
            }
            return new SourceFile(PortablePaths.absolute(file), sha);
        }
    }

    public FigureProvenance {
        checkpoints = checkpoints == null ? List.of() : List.copyOf(checkpoints);
        datasets = datasets == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(datasets));
        alphaGrid = alphaGrid == null ? List.of() : List.copyOf(alphaGrid);
        settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    /** Provenance with this tool's name and version and the current time; the rest as given. */
    public static FigureProvenance now(String project, List<CheckpointRef> checkpoints, Map<String, Object> datasets,
            List<Double> alphaGrid, Map<String, Object> settings, List<SourceFile> sources) {
        return new FigureProvenance("rft-workbench", Version.get(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), project, checkpoints, datasets, alphaGrid,
                settings, sources);
    }

    /** The provenance of a sweep: its endpoints, datasets, alphas and settings (engine and model included). */
    public static FigureProvenance of(SweepResult sweep) {
        SweepResult.Provenance p = sweep.provenance();
        List<CheckpointRef> checkpoints = new ArrayList<>();
        checkpoints.add(new CheckpointRef(p.endpointA().label(), p.endpointA().path(), p.endpointA().sha256()));
        checkpoints.add(new CheckpointRef(p.endpointB().label(), p.endpointB().path(), p.endpointB().sha256()));
        Map<String, Object> datasets = new LinkedHashMap<>(p.datasets());
        Map<String, Object> settings = new LinkedHashMap<>(p.settings());
        settings.put("model", p.model());
        settings.put("engine", p.engine());
        settings.put("sweepCreated", sweep.created());
        List<Double> grid = sweep.points().stream().map(SweepResult.Point::alpha).toList();
        return now(p.project(), checkpoints, datasets, grid, settings, null);
    }

    /**
     * The provenance of a plane: its three endpoints (A, B1, B2), datasets, u grid (as the alpha grid; v in the
     * settings) and settings. A plane still filling has cells missing: their count is in the settings.
     */
    public static FigureProvenance of(org.rftworkbench.core.eval.PlaneResult plane) {
        org.rftworkbench.core.eval.PlaneResult.Provenance p = plane.provenance();
        List<CheckpointRef> checkpoints = new ArrayList<>();
        Map<String, Object> datasets = new LinkedHashMap<>();
        Map<String, Object> settings = new LinkedHashMap<>();
        if (p != null) {
            for (SweepResult.Checkpoint c : java.util.Arrays.asList(p.endpointA(), p.endpointB1(), p.endpointB2())) {
                if (c != null) {
                    checkpoints.add(new CheckpointRef(c.label(), c.path(), c.sha256()));
                }
            }
            datasets.putAll(p.datasets());
            settings.putAll(p.settings());
            if (p.model() != null) {
                settings.put("model", p.model());
            }
            if (p.engine() != null) {
                settings.put("engine", p.engine());
            }
        }
        settings.put("vGrid", plane.vs());
        settings.put("cells", plane.cells().size() + " of " + plane.us().size() * plane.vs().size());
        if (plane.created() != null) {
            settings.put("planeCreated", plane.created());
        }
        return now(p == null ? null : p.project(), checkpoints, datasets, plane.us(), settings, null);
    }

    /** This provenance with more settings (later keys win) and source files appended (read here for their hash). */
    public FigureProvenance plus(Map<String, Object> moreSettings, List<Path> moreSources) {
        Map<String, Object> s = new LinkedHashMap<>(settings);
        s.putAll(moreSettings);
        List<SourceFile> src = new ArrayList<>(sources);
        moreSources.forEach(f -> src.add(SourceFile.of(f)));
        return new FigureProvenance(tool, version, created, project, checkpoints, datasets, alphaGrid, s, src);
    }

    /**
     * This provenance with the project, checkpoint and source paths relative to the project folder, and files outside
     * it as {@code <outside project>/NAME} ({@link PortablePaths}); hashes and content keys are kept.
     */
    public FigureProvenance withPortablePaths() {
        Path folder = PortablePaths.folderOf(project);
        List<CheckpointRef> cps = checkpoints.stream()
                .map(c -> new CheckpointRef(c.label(), PortablePaths.relative(folder, c.path()), c.sha256())).toList();
        List<SourceFile> src = sources.stream()
                .map(f -> new SourceFile(PortablePaths.relative(folder, f.path()), f.sha256())).toList();
        return new FigureProvenance(tool, version, created, PortablePaths.relative(folder, project), cps, datasets,
                alphaGrid, settings, src);
    }
}
