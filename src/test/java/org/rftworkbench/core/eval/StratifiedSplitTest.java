package org.rftworkbench.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The split is a partition, stratified per class, fixed by its seed, and its recorded hash follows the indices. */
class StratifiedSplitTest {
    private static final int[] LABELS = IntStream.range(0, 1003).map(i -> (i * 7) % 10).toArray();

    @Test
    void aSeededStratifiedPartition() {
        StratifiedSplit.Parts p = StratifiedSplit.of(LABELS, 10, 0.5, 3);
        int[] all = IntStream.concat(Arrays.stream(p.validation()), Arrays.stream(p.test())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, LABELS.length).toArray(), all);
        for (int c = 0; c < 10; c++) {
            int cls = c;
            long inClass = Arrays.stream(LABELS).filter(l -> l == cls).count();
            long inValidation = Arrays.stream(p.validation()).filter(i -> LABELS[i] == cls).count();
            assertEquals(Math.round(0.5 * inClass), inValidation, "class " + c);
        }
        StratifiedSplit.Parts again = StratifiedSplit.of(LABELS, 10, 0.5, 3);
        assertArrayEquals(p.validation(), again.validation());
        assertEquals(p.describe(), again.describe());
        StratifiedSplit.Parts other = StratifiedSplit.of(LABELS, 10, 0.5, 4);
        assertNotEquals(p.describe().sha256(), other.describe().sha256());
        assertEquals(p.validation().length, other.validation().length);
        assertThrows(IllegalArgumentException.class, () -> StratifiedSplit.of(LABELS, 10, 1.0, 3));
    }

    @Test
    void theSplitIsPinned() {
        // java.util.Random's sequence is specified, so these hold on every JDK; they fail if the shuffle changes,
        // which would silently move images between the parts of splits recorded in projects
        assertArrayEquals(new int[] {0, 3, 4, 7},
                StratifiedSplit.of(new int[] {0, 0, 0, 0, 1, 1, 1, 1}, 2, 0.5, 0).validation());
        assertEquals("cc1299d4a26ff4d2852576b87883291a272b8ba7e60f1b712fcd0612b39a3e0f",
                StratifiedSplit.of(LABELS, 10, 0.5, 3).describe().sha256());
    }
}
