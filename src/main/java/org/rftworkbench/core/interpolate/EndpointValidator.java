package org.rftworkbench.core.interpolate;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rftworkbench.core.RftException;

/** Checks, before anything runs, that two endpoints (and the working model) can be interpolated name by name. */
public final class EndpointValidator {
    private static final int MAX_LISTED = 5;

    private EndpointValidator() {
    }

    /**
     * Requires the same tensor names, shapes and dtypes in {@code a} and {@code b}; otherwise throws an error that
     * names both files and lists the first mismatches.
     */
    public static void requireCompatible(EndpointWeights a, EndpointWeights b) throws RftException {
        List<String> problems = mismatches(a.tensors(), b.tensors(), "A", "B");
        if (!problems.isEmpty()) {
            throw new RftException(a.source() + " vs " + b.source() + ": endpoints cannot be interpolated: "
                    + summarise(problems));
        }
    }

    /** Requires the working model to have exactly the endpoint's tensors (used for the TorchScript path). */
    public static void requireMatchesModel(Map<String, NDArray> model, EndpointWeights endpoint, String modelLabel)
            throws RftException {
        List<String> problems = mismatches(model, endpoint.tensors(), "model", "checkpoint");
        if (!problems.isEmpty()) {
            throw new RftException(endpoint.source() + ": checkpoint does not match " + modelLabel + ": "
                    + summarise(problems));
        }
    }

    static List<String> mismatches(Map<String, NDArray> a, Map<String, NDArray> b, String la, String lb) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : a.entrySet()) {
            NDArray other = b.get(e.getKey());
            if (other == null) {
                problems.add(e.getKey() + " only in " + la);
            } else if (!other.getShape().equals(e.getValue().getShape())) {
                problems.add(e.getKey() + " shape " + e.getValue().getShape() + " in " + la + " vs " + other.getShape()
                        + " in " + lb);
            } else if (other.getDataType() != e.getValue().getDataType()) {
                problems.add(e.getKey() + " dtype " + e.getValue().getDataType() + " in " + la + " vs "
                        + other.getDataType() + " in " + lb);
            }
        }
        for (String name : b.keySet()) {
            if (!a.containsKey(name)) {
                problems.add(name + " only in " + lb);
            }
        }
        return problems;
    }

    private static String summarise(List<String> problems) {
        String head = String.join("; ", problems.subList(0, Math.min(MAX_LISTED, problems.size())));
        return problems.size() > MAX_LISTED ? head + "; and " + (problems.size() - MAX_LISTED) + " more" : head;
    }
}
