package org.rftworkbench.core.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.rftworkbench.core.util.PortablePaths;

/**
 * The outcome of evaluating a list of alphas on a list of datasets, with the provenance needed to reproduce it.
 * Serialised as the {@code sweep} JSON output. Immutable.
 *
 * @param tool       "rft-workbench"
 * @param version    tool version
 * @param created    ISO-8601 UTC time
 * @param provenance what was evaluated and how
 * @param points     one entry per alpha, in the order evaluated
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SweepResult(String tool, String version, String created, Provenance provenance, List<Point> points) {

    /**
     * This result with the project and checkpoint paths written relative to the project folder
     * ({@link PortablePaths}): what exported files carry unless absolute paths are asked for. The checkpoints' SHA-256
     * and the datasets' content keys identify the files.
     */
    public SweepResult withPortablePaths() {
        if (provenance == null) {
            return this;
        }
        Provenance p = provenance;
        java.nio.file.Path folder = PortablePaths.folderOf(p.project());
        return new SweepResult(tool, version, created, new Provenance(PortablePaths.relative(folder, p.project()),
                p.model(), p.endpointA() == null ? null : p.endpointA().relativeTo(folder),
                p.endpointB() == null ? null : p.endpointB().relativeTo(folder), p.datasets(), p.settings(),
                p.engine()), points);
    }

    /** Metrics of one dataset at one alpha; accuracies are fractions in [0,1], loss in nats. */
    public record Metrics(String role, int n, double top1, double top5, double loss, long nonFinite) {
        // nonFinite: images whose logits held NaN/Inf, counted as wrong in top1/top5 and left out of the loss mean

        /** Metrics whose logits were all finite. */
        public Metrics(String role, int n, double top1, double top5, double loss) {
            this(role, n, top1, top5, loss, 0);
        }

        public static Metrics of(String role, DatasetMetrics m) {
            return new Metrics(role, m.n(), m.top1(), m.top5(), m.loss(), m.nonFinite());
        }
    }

    /**
     * One alpha.
     *
     * @param avgOodTop1 unweighted mean top-1 over the OOD datasets evaluated (null when there are none)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Point(double alpha, Map<String, Metrics> datasets, Double avgOodTop1) {
    }

    /** A checkpoint and its content hash. */
    public record Checkpoint(String label, String path, String sha256) {
        Checkpoint relativeTo(java.nio.file.Path projectFolder) {
            return new Checkpoint(label, PortablePaths.relative(projectFolder, path), sha256);
        }
    }

    /** A dataset's identity: its cache content key covers the image bytes, labels and preprocessing. */
    public record Dataset(String role, int n, String contentKey) {
    }

    /**
     * @param project     project file
     * @param model       architecture summary
     * @param endpointA   alpha = 0
     * @param endpointB   alpha = 1
     * @param datasets    name -> identity
     * @param settings    batch size, per-layer alphas, preprocessing, alpha convention
     * @param engine      engine and device
     */
    public record Provenance(String project, String model, Checkpoint endpointA, Checkpoint endpointB,
            Map<String, Dataset> datasets, Map<String, Object> settings, String engine) {
    }
}
