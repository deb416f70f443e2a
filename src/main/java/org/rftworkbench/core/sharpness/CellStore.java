package org.rftworkbench.core.sharpness;

import java.io.IOException;
import java.util.Optional;

/**
 * Where a heatmap sweep keeps each finished cell, so an interrupted sweep resumes where it stopped. Keys are
 * deterministic strings (see {@link SharpnessHeatmap#cellKey}); equal keys mean equal inputs. Implementations must be
 * safe to call from the sweep's thread; a corrupt or unreadable entry reads as absent (the cell is recomputed).
 */
public interface CellStore {
    /** A store that keeps nothing. */
    CellStore NONE = new CellStore() {
        @Override
        public Optional<SharpnessValue> get(String key) {
            return Optional.empty();
        }

        @Override
        public void put(String key, SharpnessValue value) {
        }
    };

    Optional<SharpnessValue> get(String key);

    /** Stores a finished cell durably before returning. */
    void put(String key, SharpnessValue value) throws IOException;
}
