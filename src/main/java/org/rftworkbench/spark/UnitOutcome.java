package org.rftworkbench.spark;

import java.io.Serializable;

/**
 * What an executor did with one {@link WorkUnit}.
 *
 * @param index     the unit's index
 * @param computed  cells (or whole results) it computed and wrote into the shared result cache
 * @param fromCache cells it found cached (written by an earlier attempt of the same task, or by another job)
 * @param seconds   wall time on the executor
 * @param executor  the Spark executor id and host, for logs
 */
record UnitOutcome(int index, int computed, int fromCache, double seconds, String executor) implements Serializable {
}
