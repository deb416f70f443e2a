package org.rftworkbench.core.service.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.rftworkbench.core.service.JobEvent;

/** A progress event's unit travels over the event stream; unnamed units keep the older JSON exactly. */
class ProgressEventJsonTest {
    @Test
    void theUnitRoundTripsAndIsLeftOutWhenUnnamed() throws Exception {
        JobEvent named = new JobEvent.Progress("j7", "prepare val", 1200, 50000, "images");
        String json = RemoteJson.MAPPER.writeValueAsString(named);
        assertEquals("{\"event\":\"progress\",\"jobId\":\"j7\",\"task\":\"prepare val\",\"done\":1200,"
                + "\"total\":50000,\"unit\":\"images\"}", json);
        assertEquals(named, RemoteJson.MAPPER.readValue(json, JobEvent.class));
        JobEvent plain = new JobEvent.Progress("j7", "evaluate id_clean", 3, 10);
        String older = "{\"event\":\"progress\",\"jobId\":\"j7\",\"task\":\"evaluate id_clean\",\"done\":3,\"total\":10}";
        assertEquals(older, RemoteJson.MAPPER.writeValueAsString(plain));
        assertEquals(plain, RemoteJson.MAPPER.readValue(older, JobEvent.class));
    }
}
