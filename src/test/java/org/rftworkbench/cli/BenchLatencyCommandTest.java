package org.rftworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Nearest-rank percentiles as the latency benchmark reports them. */
class BenchLatencyCommandTest {
    @Test
    void nearestRankPercentiles() {
        double[] ms = {5, 1, 4, 2, 3, 10, 9, 8, 7, 6};
        assertEquals(5, BenchLatencyCommand.percentile(ms, 50));
        assertEquals(10, BenchLatencyCommand.percentile(ms, 95));
        assertEquals(10, BenchLatencyCommand.percentile(ms, 100));
        assertEquals(1, BenchLatencyCommand.percentile(ms, 1));
        assertEquals(7.0, BenchLatencyCommand.percentile(new double[] {7}, 95));
    }
}
