package org.rftworkbench.core.study;

import java.util.List;
import java.util.Map;

/**
 * One pair (A, run) of a study: its outcomes along the path, its stragglers and its predictors. Accuracies are
 * fractions in [0, 1] (gains are differences of fractions: 0.01 = one percentage point), losses and sharpness in
 * nats. Immutable.
 *
 * @param run          the run's label
 * @param metadata     the run's metadata from the project (learning rate, epochs, ...)
 * @param sha256       SHA-256 of the run's checkpoint (endpoint B)
 * @param idDataset    the ID dataset of {@code idA}, {@code idB} and the barrier
 * @param idA          ID top-1 of A (alpha 0)
 * @param idB          ID top-1 of the run (alpha 1)
 * @param oodA         average OOD top-1 of A
 * @param oodB         average OOD top-1 of the run
 * @param bestAlpha    the interior alpha with the highest average OOD top-1
 * @param bestOod      that accuracy
 * @param verdict      "succeeds" (G_end above the tolerance), "fails" (G_zs at or below it) or "no bonus"
 * @param strongFailure the OOD curve dips below both endpoints somewhere
 * @param outcomes     outcome name ({@link StudyMeasures}) to value
 * @param idBarrier    I = max_alpha L_ID - (L_ID(0) + L_ID(1)) / 2 on the sweep grid, in nats
 * @param chordGap     OOD(0.5) - (OOD(0) + OOD(1)) / 2
 * @param gainOverEndpoints G_end = best interior OOD - max(OOD(0), OOD(1))
 * @param stragglers   straggler groups (by layer-wise instability), largest first as the analysis lists them
 * @param predictors   predictor name ({@link StudyMeasures}) to value
 * @param path         the sweep, one point per grid alpha in ascending order
 */
public record PairRow(String run, Map<String, Object> metadata, String sha256, String idDataset, double idA,
        double idB, double oodA, double oodB, double bestAlpha, double bestOod, String verdict, boolean strongFailure,
        Map<String, Double> outcomes, double idBarrier, double chordGap, double gainOverEndpoints,
        List<String> stragglers, Map<String, Double> predictors, List<PathPoint> path) {

    public PairRow {
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(metadata));
        outcomes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outcomes));
        predictors = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(predictors));
        stragglers = List.copyOf(stragglers);
        path = List.copyOf(path);
    }

    /** One alpha of the pair's sweep: ID top-1, average OOD top-1 and ID loss. */
    public record PathPoint(double alpha, double id, double ood, double idLoss) {
    }

    /** G_zs = best interior OOD - OOD(0). */
    public double gainOverZeroShot() {
        return outcomes.get(StudyMeasures.G_ZS);
    }
}
