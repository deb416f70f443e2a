package org.rftworkbench.core.service.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rftworkbench.core.service.Estimate;
import org.rftworkbench.core.service.PreviewResult;

/** The count of images with NaN/Inf logits travels through cell counts, the cache JSON, estimates and readouts. */
class NonFiniteCountsTest {
    /** 10 images, 4 correct, 3 with non-finite logits whose loss is not in the sum of 7 finite losses (7.0). */
    private static final CellCounts PART = new CellCounts(10, 4, 5, 7.0, new long[] {4, 0}, new long[] {6, 4}, 3);

    @Test
    void partsAddUpAndTheCacheJsonKeepsTheCount() {
        CellCounts whole = PART.plus(PART);
        assertEquals(6, whole.nonFinite());
        assertEquals(20, whole.n());
        ObjectNode json = whole.toJson();
        assertEquals(6, json.get("nonFinite").asLong());
        assertEquals(whole, CellCounts.fromJson(json));
        json.remove("nonFinite");
        assertEquals(0, CellCounts.fromJson(json).nonFinite(), "entries without the field had no NaN rows counted");
    }

    @Test
    void estimateLossIsTheMeanOverFiniteRowsAndTheCountIsExposed() {
        Estimate e = EstimateMath.estimate("ood", PART, 10);
        assertEquals(0.4, e.top1(), 1e-15);
        assertEquals(1.0, e.loss(), 1e-15, "7 nats over 7 finite rows");
        assertEquals(3, e.nonFinite());
        Estimate other = EstimateMath.estimate("ood2", CellCounts.empty(2).plus(
                new CellCounts(10, 5, 5, 5.0, new long[] {5, 0}, new long[] {5, 5})), 10);
        assertEquals(3, EstimateMath.averageOod(List.of(e, other)).nonFinite());
        PreviewResult r = new PreviewResult(0.5, java.util.Map.of("ood", e, "ood2", other), null, false);
        assertEquals(3, r.nonFinite());
    }

    @Test
    void allRowsNonFiniteHaveNoLoss() {
        Estimate e = EstimateMath.estimate("x", new CellCounts(2, 0, 0, 0, new long[] {0}, new long[] {2}, 2), 2);
        assertEquals(Double.NaN, e.loss());
        assertEquals(0.0, e.top1());
    }
}
