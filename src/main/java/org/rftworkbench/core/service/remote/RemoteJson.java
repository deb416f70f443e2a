package org.rftworkbench.core.service.remote;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.rftworkbench.core.service.JobRequest;
import org.rftworkbench.core.service.Priority;

/**
 * The JSON shapes of the remote protocol that are not service records themselves, and the one mapper both ends use.
 * Non-finite doubles (a NaN loss) are written as the strings "NaN"/"Infinity" and read back.
 */
final class RemoteJson {
    /** Thread-safe once configured. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    /** Name of the server-sent event that carries a finished job's result, sent just before "finished". */
    static final String RESULT_EVENT = "result";
    /** Name of the first server-sent event of a submit-and-stream POST; its data is {@link Submitted}. */
    static final String SUBMITTED_EVENT = "submitted";

    private RemoteJson() {
    }

    /**
     * Body of {@code POST /v1/jobs}.
     *
     * @param request  the job, with its "type" ("preview" or "sweep")
     * @param priority INTERACTIVE, USER or BACKGROUND (null = USER)
     * @param key      latest-wins key (null = none)
     */
    record Submit(JobRequest request, Priority priority, String key) {
    }

    /** Reply to {@code POST /v1/jobs}. */
    record Submitted(String jobId) {
    }

    /** Every 4xx/5xx body: one line the user can act on. */
    record Error(String error) {
    }

    /**
     * Reply to {@code GET /v1/jobs/{id}} and, for an unfinished or unsuccessful job, to {@code GET .../result}.
     *
     * @param state "running", "finished", "failed" or "cancelled"
     * @param error the failure's one-line message (failed only)
     */
    record JobState(String jobId, String state, String describe, String error) {
    }
}
