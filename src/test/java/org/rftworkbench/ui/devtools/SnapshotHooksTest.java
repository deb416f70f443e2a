package org.rftworkbench.ui.devtools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The snapshot plan behind -Drft.snapshot / -Drft.snapshotAfterMs (one time as before, or a list of times). */
class SnapshotHooksTest {
    @Test
    void oneTimeWritesTheNamedFileAsBefore() {
        assertEquals(List.of(new SnapshotHooks.Snapshot(40000, Path.of("out/layers.png"))),
                SnapshotHooks.snapshotPlan("out/layers.png", "40000"));
    }

    @Test
    void aListOfTimesWritesNumberedFilesInTheGivenOrder() {
        assertEquals(List.of(new SnapshotHooks.Snapshot(5000, Path.of("shots/rehearsal-1.png")),
                new SnapshotHooks.Snapshot(30000, Path.of("shots/rehearsal-2.png")),
                new SnapshotHooks.Snapshot(90000, Path.of("shots/rehearsal-3.png"))),
                SnapshotHooks.snapshotPlan("shots/rehearsal.png", "5000, 30000,90000"));
        assertEquals(List.of(new SnapshotHooks.Snapshot(1, Path.of("shot-1")), new SnapshotHooks.Snapshot(2,
                Path.of("shot-2"))), SnapshotHooks.snapshotPlan("shot", "1,2"));
    }

    @Test
    void aTimeThatIsNotAWholeNonNegativeNumberIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SnapshotHooks.snapshotPlan("s.png", "5000,3s"));
        assertTrue(e.getMessage().contains("'3s'") && e.getMessage().contains("rft.snapshotAfterMs"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SnapshotHooks.snapshotPlan("s.png", "-1"));
    }
}
