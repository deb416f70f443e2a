package org.rftworkbench.core.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer to a {@link ModelLayoutRequest}.
 *
 * @param groups   block-level layer group -> its tensor names, in network order
 * @param eligible groups holding a tensor the request's filter accepts, in network order
 * @param images   dataset name -> number of images, in project order
 */
public record ModelLayout(Map<String, List<String>> groups, List<String> eligible, Map<String, Integer> images) {
    public ModelLayout {
        groups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        eligible = List.copyOf(eligible);
        images = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(images));
    }
}
