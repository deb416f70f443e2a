package org.rftworkbench.spark;

import java.io.Serializable;

/**
 * What an executor did with one {@link WorkUnit}: what the driver adds up into its report.
 *
 * @param computed  cells (or whole results) it computed and wrote into the shared result cache
 * @param fromCache cells it found cached (written by an earlier attempt of the same task, or by another job)
 */
record UnitOutcome(int computed, int fromCache) implements Serializable {
}
