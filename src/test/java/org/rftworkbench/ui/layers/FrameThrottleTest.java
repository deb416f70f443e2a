package org.rftworkbench.ui.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A burst of requests becomes one flush per interval; a later request gets its own flush. */
class FrameThrottleTest {
    @Test
    void aBurstOfRequestsIsCoalescedIntoOneFlush() throws Exception {
        AtomicInteger flushes = new AtomicInteger();
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(2);
        FrameThrottle throttle = FrameThrottle.every(200, Runnable::run, () -> {
            flushes.incrementAndGet();
            first.countDown();
            second.countDown();
        });
        for (int i = 0; i < 1000; i++) {
            throttle.request();
        }
        assertTrue(first.await(5, TimeUnit.SECONDS));
        assertEquals(1, flushes.get(), "1000 requests inside one interval flush once");
        throttle.request();
        assertTrue(second.await(5, TimeUnit.SECONDS));
        assertEquals(2, flushes.get());
    }
}
