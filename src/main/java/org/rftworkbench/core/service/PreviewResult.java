package org.rftworkbench.core.service;

import java.util.Map;

/**
 * Exact full-set values for one alpha (every estimate has {@code exact == true}).
 *
 * @param alpha      the alpha evaluated
 * @param datasets   dataset name -> estimate, in project order
 * @param averageOod the unweighted mean over OOD datasets, or null when there are none
 * @param fromCache  true when every value came from the result cache
 */
public record PreviewResult(double alpha, Map<String, Estimate> datasets, Estimate averageOod, boolean fromCache) {
    /** Images (over every dataset) whose logits held NaN/Inf: counted as wrong; 0 when every logit was finite. */
    public long nonFinite() {
        return datasets.values().stream().mapToLong(Estimate::nonFinite).sum();
    }
}
