package org.rftworkbench.core.service.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseReaderTest {
    @Test
    void parsesNamedEventsCommentsAndMultiLineData() throws Exception {
        String stream = ": keep-alive\n\nevent: progress\ndata: {\"a\":1}\n\ndata:x\ndata: y\n\nevent: result\r\n"
                + "data: {}\r\n\r\nevent: dangling\ndata: cut";
        SseReader r = new SseReader(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)));
        assertEquals(new SseReader.Event("progress", "{\"a\":1}"), r.next());
        assertEquals(new SseReader.Event("message", "x\ny"), r.next());
        assertEquals(new SseReader.Event("result", "{}"), r.next());
        assertNull(r.next(), "an event without its blank line is not dispatched");
    }

    @Test
    void stripsStackFramesFromFailureDetail() {
        String detail = "java.io.IOException: disk full\n\tat org.x.Y.z(Y.java:3)\n\tat java.base/a.B.c(B.java:9)\n"
                + "Caused by: java.lang.Error: inner\n\t... 4 more";
        assertEquals("java.io.IOException: disk full\nCaused by: java.lang.Error: inner",
                ServerJob.withoutStackFrames(detail));
    }
}
