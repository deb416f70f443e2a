package org.rftworkbench.core.sharpness;

/**
 * Sharpness of one batch: the clean loss/error at w0 and the perturbed ones (worst found, or mean over noise draws).
 *
 * @param cleanLoss      mean CE at w0
 * @param cleanError     0/1 error at w0 (fraction)
 * @param perturbedLoss  worst loss over the ascent (worst case) or mean loss over the draws (average case)
 * @param perturbedError error at the worst point (worst case) or mean error over the draws (average case)
 * @param deltaNorm      L2 norm of delta at the worst point (worst case; 0 for the average case)
 * @param forwardBackward forward+backward passes spent on the batch
 * @param forwardOnly    forward-only passes spent on the batch
 */
record BatchOutcome(double cleanLoss, double cleanError, double perturbedLoss, double perturbedError,
        double deltaNorm, int forwardBackward, int forwardOnly) {
}
