package org.rftworkbench.spark;

import java.io.Serializable;

/**
 * One part of a request that an executor runs: the part as request JSON (the same records and JSON the remote
 * protocol uses), and the checkpoint pair it opens, by which parts are grouped into partitions.
 *
 * @param index       position in the cluster job, in planning order (logs, tests)
 * @param pair        the project file and run label the part opens, "FILE\u0000RUN" (RUN empty = the selected run)
 * @param requestJson the part, a {@link org.rftworkbench.core.service.JobRequest} as JSON
 * @param description the part's {@code describe()}, for logs and errors
 */
record WorkUnit(int index, String pair, String requestJson, String description) implements Serializable {
}
