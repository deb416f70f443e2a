package org.rftworkbench.core.sharpness;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Sharpness of one parameter group at one point, averaged over batches (m-sharpness).
 *
 * @param loss            loss sharpness: mean over batches of (perturbed loss - clean loss), in nats
 * @param error           error sharpness: mean over batches of (perturbed error - clean error), as a fraction
 * @param cleanLoss       mean clean loss over batches
 * @param cleanError      mean clean error over batches (fraction)
 * @param perturbedLoss   mean worst (worst case) or mean noisy (average case) loss over batches
 * @param perturbedError  mean error at those points (fraction)
 * @param maxDeltaNorm    worst case: the largest L2 norm of delta at a batch's worst point (0 for average case)
 * @param scalars         number of perturbed scalars (group size after the include/exclude filters)
 * @param batches         number of batches
 * @param forwardBackward forward+backward passes spent
 * @param forwardOnly     forward-only passes spent
 * @param seconds         wall time of the measurement
 */
public record SharpnessValue(
        @JsonProperty("loss") double loss,
        @JsonProperty("error") double error,
        @JsonProperty("cleanLoss") double cleanLoss,
        @JsonProperty("cleanError") double cleanError,
        @JsonProperty("perturbedLoss") double perturbedLoss,
        @JsonProperty("perturbedError") double perturbedError,
        @JsonProperty("maxDeltaNorm") double maxDeltaNorm,
        @JsonProperty("scalars") long scalars,
        @JsonProperty("batches") int batches,
        @JsonProperty("forwardBackward") int forwardBackward,
        @JsonProperty("forwardOnly") int forwardOnly,
        @JsonProperty("seconds") double seconds) {
}
