package org.rftworkbench.core.service.embedded;

import org.rftworkbench.core.service.estimate.CellCounts;

/** Reading evaluation cells back from the result cache. Stateless. */
final class CachedCells {
    private CachedCells() {
    }

    /**
     * The cell cached under {@code key} when it is readable and counts {@code images} images; null otherwise (absent,
     * an entry of an older format, or a cell of another size: then it is recomputed and overwritten).
     */
    static CellCounts read(DeviceContext device, String key, long images) {
        return device.results().get(key).map(node -> {
            try {
                return CellCounts.fromJson(node);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }).filter(c -> c.n() == images).orElse(null);
    }
}
