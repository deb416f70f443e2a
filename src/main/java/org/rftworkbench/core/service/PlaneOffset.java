package org.rftworkbench.core.service;

/**
 * Moves a preview off the interpolation line into the plane through a third endpoint: the previewed weights are
 * theta(u, v) = A + u (B1 - A) + v (B2 - A), with u the request's alpha and B1 its run. Immutable.
 *
 * @param run2 label of the project's run that is B2
 * @param v    the coefficient of B2 - A
 */
public record PlaneOffset(String run2, double v) {
}
