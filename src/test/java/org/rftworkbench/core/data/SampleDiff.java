package org.rftworkbench.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;

/**
 * How two 8-bit sample arrays differ (the parity tests' measure): the samples that differ, the largest difference,
 * and the number of samples.
 */
record SampleDiff(int differing, int max, int total) {
    static SampleDiff of(byte[] expected, byte[] actual) {
        assertEquals(expected.length, actual.length, "sample count");
        int differing = 0;
        int max = 0;
        for (int i = 0; i < expected.length; i++) {
            int d = Math.abs((expected[i] & 0xFF) - (actual[i] & 0xFF));
            if (d != 0) {
                differing++;
                max = Math.max(max, d);
            }
        }
        return new SampleDiff(differing, max, expected.length);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "max|diff| %d, %d of %d samples differ (%.2f%%)", max, differing, total,
                100.0 * differing / total);
    }
}
