package org.rftworkbench.ui.layers;

import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What the Layers view knows about one layer group, from the measures computed so far (null = not computed yet).
 *
 * @param group          group name, e.g. "resblock 1"
 * @param straggler      flagged by the straggler analysis
 * @param tensors        number of tensors in the group
 * @param scalars        number of scalars the sharpness perturbs in it
 * @param weightChange   ||B_l - A_l|| / ||A_l||
 * @param instability    I_l = max E - (E(0) + E(1)) / 2 in the heatmap's metric
 * @param alphaAtMax     alpha of the largest E along the group's own path
 * @param sharpness      alpha -> layer-wise loss sharpness (nats), ascending
 * @param lossAlongPath  alpha -> E(alpha) when only this group moves (others at the base alpha), ascending
 * @param metric         what {@code lossAlongPath} measures, e.g. "loss"
 */
public record LayerDetail(String group, boolean straggler, Integer tensors, Long scalars, Double weightChange,
        Double instability, Double alphaAtMax, NavigableMap<Double, Double> sharpness,
        NavigableMap<Double, Double> lossAlongPath, String metric) {
    public LayerDetail {
        sharpness = Collections.unmodifiableNavigableMap(new TreeMap<>(sharpness));
        lossAlongPath = Collections.unmodifiableNavigableMap(new TreeMap<>(lossAlongPath));
    }
}
