package org.rftworkbench.core.layers;

import java.util.List;
import java.util.Map;
import org.rftworkbench.core.interpolate.AlphaOverrides;
import org.rftworkbench.core.project.ValidationSplit;
import org.rftworkbench.core.service.Estimate;

/**
 * What a per-layer mixing search found and how it does on held-out data. Immutable.
 *
 * @param run              label of endpoint B
 * @param split            the validation split searched on
 * @param splitCreated     true when the split was made by this search (the caller records it in the project)
 * @param settings         candidate alphas, ID tolerance, passes
 * @param groups           block-level groups in network order
 * @param first            groups visited first (the stragglers)
 * @param outcome          the uniform baseline, the alphas found, their validation scores and every try
 * @param rules            the alphas found as per-layer alpha rules (one quoted-name regex per group), ready for the
 *                         project's {@code layerAlphas} or the slider
 * @param uniformTest      uniform WiSE-FT at the baseline alpha on the test parts (95% Wilson intervals)
 * @param foundTest        the alphas found on the test parts
 */
public record LayerSearchResult(String run, ValidationSplit split, boolean splitCreated,
        LayerMixingSearch.Settings settings, List<String> groups, List<String> first,
        LayerMixingSearch.Outcome outcome, List<AlphaOverrides.Rule> rules, HeldOut uniformTest, HeldOut foundTest) {

    /**
     * Test-part accuracy of one weight assignment.
     *
     * @param datasets   per dataset, on its test part
     * @param idTop1     the ID dataset's (mean of the ID datasets' when several)
     * @param averageOod the OOD average with its interval
     */
    public record HeldOut(Map<String, Estimate> datasets, Estimate idTop1, Estimate averageOod) {
    }
}
