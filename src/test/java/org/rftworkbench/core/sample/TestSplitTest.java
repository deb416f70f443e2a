package org.rftworkbench.core.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestSplitTest {
    @Test
    void idAndSlotsAreDisjointAndCoverTheShippedSizes() {
        TestSplit split = new TestSplit(10000, 1600, 6, 1400, 5);
        Set<Integer> seen = new HashSet<>();
        for (int i : split.id()) {
            assertTrue(seen.add(i));
        }
        assertEquals(1600, seen.size());
        for (int k = 0; k < 6; k++) {
            for (int i : split.slot(k)) {
                assertTrue(i >= 0 && i < 10000);
                assertTrue(seen.add(i), "image " + i + " of slot " + k + " is already used");
            }
        }
        assertEquals(10000, seen.size(), "1,600 + 6 x 1,400 uses every test image once");
        assertArrayEquals(split.slot(3), new TestSplit(10000, 1600, 6, 1400, 5).slot(3), "seeded");
        assertThrows(IllegalArgumentException.class, () -> new TestSplit(10000, 1600, 6, 1401, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> split.slot(6));
    }

    @Test
    void projectsUseOneSlotPerStyle() {
        for (var suite : java.util.List.of(SampleGenerator.MILD5, SampleGenerator.FAR6)) {
            Set<Integer> slots = new HashSet<>();
            for (SampleGenerator.SuiteEntry e : suite) {
                assertTrue(slots.add(e.slot()), "two styles of one suite share slot " + e.slot());
                assertTrue(e.slot() < SampleGenerator.SLOTS);
            }
        }
    }
}
