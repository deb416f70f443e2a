package org.rftworkbench.core.eval;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rftworkbench.core.util.PortablePaths;

/**
 * Accuracy over a 2-D slice of weight space through three endpoints: theta(u, v) = A + u (B1 - A) + v (B2 - A), so
 * (0, 0) is A, (1, 0) is B1, (0, 1) is B2, the u axis is the WiSE-FT line A -> B1 and (0.5, 0.5) the uniform soup of
 * B1 and B2. Serialised as the {@code plane} JSON output. Immutable.
 *
 * @param tool       "rft-workbench"
 * @param version    tool version
 * @param created    ISO-8601 UTC time
 * @param provenance what was evaluated and how
 * @param us         the grid's u values, ascending
 * @param vs         the grid's v values, ascending
 * @param cells      one entry per evaluated (u, v), u-major (all v of the first u, then the next u); a result of a
 *                   cancelled or partial job may lack cells
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlaneResult(String tool, String version, String created, Provenance provenance, List<Double> us,
        List<Double> vs, List<Cell> cells) {

    public PlaneResult {
        us = List.copyOf(us);
        vs = List.copyOf(vs);
        cells = List.copyOf(cells);
    }

    /**
     * One grid point.
     *
     * @param datasets   metrics per dataset (accuracies are fractions in [0, 1], loss in nats)
     * @param idTop1     mean top-1 over the ID datasets (null when none was evaluated)
     * @param idLoss     mean cross-entropy over the ID datasets, nats (null when none was evaluated)
     * @param avgOodTop1 unweighted mean top-1 over the OOD datasets (null when none was evaluated)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cell(double u, double v, Map<String, SweepResult.Metrics> datasets, Double idTop1, Double idLoss,
            Double avgOodTop1) {
        public Cell {
            datasets = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(datasets));
        }

        /** A cell with its averages computed from the datasets' roles ("id", "ood"). */
        public static Cell of(double u, double v, Map<String, SweepResult.Metrics> datasets) {
            double idTop1 = 0;
            double idLoss = 0;
            int ids = 0;
            double ood = 0;
            int oods = 0;
            for (SweepResult.Metrics m : datasets.values()) {
                if ("id".equals(m.role())) {
                    idTop1 += m.top1();
                    idLoss += m.loss();
                    ids++;
                } else if ("ood".equals(m.role())) {
                    ood += m.top1();
                    oods++;
                }
            }
            return new Cell(u, v, datasets, ids == 0 ? null : idTop1 / ids, ids == 0 ? null : idLoss / ids,
                    oods == 0 ? null : ood / oods);
        }

        /** The value a plane heatmap shows for {@code metric} (null when the cell has none). */
        public Double value(Metric metric) {
            return switch (metric) {
                case ID_TOP1 -> idTop1;
                case AVG_OOD_TOP1 -> avgOodTop1;
                case ID_LOSS -> idLoss;
            };
        }
    }

    /** What a plane heatmap shows. */
    public enum Metric {
        ID_TOP1("ID accuracy", "id-accuracy", true),
        AVG_OOD_TOP1("Average OOD accuracy", "ood-accuracy", true),
        ID_LOSS("ID loss (nats)", "id-loss", false);

        private final String label;
        private final String fileName;
        private final boolean accuracy;

        Metric(String label, String fileName, boolean accuracy) {
            this.label = label;
            this.fileName = fileName;
            this.accuracy = accuracy;
        }

        /** For axis and legend titles, e.g. "Average OOD accuracy". */
        public String label() {
            return label;
        }

        /** For file names, e.g. "ood-accuracy". */
        public String fileName() {
            return fileName;
        }

        /** True for accuracies (fractions shown as percent, higher is better); false for the loss. */
        public boolean accuracy() {
            return accuracy;
        }
    }

    /**
     * @param project    project file
     * @param model      architecture summary
     * @param endpointA  (0, 0)
     * @param endpointB1 (1, 0): the u direction
     * @param endpointB2 (0, 1): the v direction
     * @param datasets   name -> identity
     * @param settings   batch size, preprocessing, the plane's convention
     * @param engine     engine and device
     */
    public record Provenance(String project, String model, SweepResult.Checkpoint endpointA,
            SweepResult.Checkpoint endpointB1, SweepResult.Checkpoint endpointB2,
            Map<String, SweepResult.Dataset> datasets, Map<String, Object> settings, String engine) {
    }

    /** The cell at exactly (u, v), if evaluated. */
    public Optional<Cell> cell(double u, double v) {
        return cells.stream().filter(c -> c.u() == u && c.v() == v).findFirst();
    }

    /** Whether every grid point has a cell. */
    @JsonIgnore
    public boolean isComplete() {
        return cells.size() == us.size() * vs.size();
    }

    /** This result with the project and checkpoint paths written relative to the project folder. */
    public PlaneResult withPortablePaths() {
        if (provenance == null) {
            return this;
        }
        Provenance p = provenance;
        java.nio.file.Path folder = PortablePaths.folderOf(p.project());
        return new PlaneResult(tool, version, created, new Provenance(PortablePaths.relative(folder, p.project()),
                p.model(), relative(p.endpointA(), folder), relative(p.endpointB1(), folder),
                relative(p.endpointB2(), folder), p.datasets(), p.settings(), p.engine()), us, vs, cells);
    }

    private static SweepResult.Checkpoint relative(SweepResult.Checkpoint c, java.nio.file.Path folder) {
        return c == null ? null : new SweepResult.Checkpoint(c.label(), PortablePaths.relative(folder, c.path()),
                c.sha256());
    }
}
