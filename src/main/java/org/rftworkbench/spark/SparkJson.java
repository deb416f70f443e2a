package org.rftworkbench.spark;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The JSON of parts sent to executors: the request records as the remote protocol writes them. */
final class SparkJson {
    /** Thread-safe once configured; NaN alphas or settings survive the trip as the remote protocol allows. */
    static final ObjectMapper MAPPER = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private SparkJson() {
    }
}
