package org.rftworkbench.core.sparsity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.interpolate.EndpointWeights;
import org.rftworkbench.core.model.WeightModel;
import org.rftworkbench.core.util.Hashing;

/**
 * Applies a {@link SparsitySpec} to the endpoints of a path. The task-vector and fine-tuned placements produce a new
 * in-memory endpoint B' (tensors outside the spec are B's own arrays, shared, never copied; nothing is written to
 * disk), so the ordinary interpolator then draws the sparsified path. The interpolated placement is a
 * {@link PathHook} that multiplies the working model's tensors by the mask after every interpolation.
 *
 * <p>Exactness: kept task-vector entries take B's own value when no rescaling is asked for (B' = M B + (1 - M) A),
 * so ratio 0 reproduces the original path bit for bit. Call on the thread that owns the tensors.
 */
public final class Sparsifier {
    private Sparsifier() {
    }

    /** Called after the interpolator wrote theta(alpha) into the working model; close it to free its masks. */
    public interface PathHook extends AutoCloseable {
        /** A hook that changes nothing. */
        PathHook NONE = alpha -> { };

        void afterInterpolation(double alpha);

        @Override
        default void close() {
        }
    }

    /**
     * The eligible tensors of the spec's groups, grouped: group -> tensor names (groups with none are left out).
     *
     * @param groups every group -> its tensor names
     * @param shapes tensor name -> any tensor of that name (for its rank)
     * @throws RftException when a named group does not exist
     */
    public static Map<String, List<String>> targets(SparsitySpec spec, Map<String, List<String>> groups,
            Map<String, NDArray> shapes) throws RftException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String g : spec.groups()) {
            List<String> names = groups.get(g);
            if (names == null) {
                throw new RftException("no layer group named '" + g + "' (known: " + String.join(", ", groups.keySet())
                        + ")");
            }
            List<String> eligible = names.stream()
                    .filter(n -> spec.filter().accepts(n, shapes.get(n).getShape().dimension())).toList();
            if (!eligible.isEmpty()) {
                out.put(g, eligible);
            }
        }
        return out;
    }

    /**
     * B' for the task-vector or fine-tuned placement. Close it when done (it frees only the new tensors).
     *
     * @throws RftException for the interpolated placement (use {@link #interpolatedHook}) or an invalid spec
     */
    public static EndpointWeights transformEndpoint(EndpointWeights a, EndpointWeights b,
            Map<String, List<String>> groups, SparsitySpec spec) throws RftException {
        spec.validated();
        if (spec.placement() == SparsitySpec.Placement.INTERPOLATED) {
            throw new RftException("the interpolated placement is a hook, not a transformed endpoint");
        }
        Map<String, List<String>> targets = targets(spec, groups, b.tensors());
        Function<String, float[]> magnitudeSource = name -> {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray tb = b.tensors().get(name);
                return (spec.placement() == SparsitySpec.Placement.TASK_VECTOR ? tb.sub(a.tensors().get(name)) : tb)
                        .toFloatArray();
            }
        };
        Map<String, float[]> masks = masks(spec, targets, b.tensors(), magnitudeSource);
        NDManager manager = b.manager().newSubManager();
        Map<String, NDArray> tensors = new LinkedHashMap<>(b.tensors());
        try {
            for (Map.Entry<String, float[]> e : masks.entrySet()) {
                NDArray ta = a.tensors().get(e.getKey());
                NDArray tb = b.tensors().get(e.getKey());
                NDArray result;
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray mask = tb.getManager().create(e.getValue(), tb.getShape()).toType(tb.getDataType(), false);
                    if (spec.placement() == SparsitySpec.Placement.FINETUNED) {
                        result = tb.mul(mask);
                    } else {
                        NDArray kept = spec.keptScale() == 1 ? tb : ta.add(tb.sub(ta).mul(spec.keptScale()));
                        result = kept.mul(mask).add(ta.mul(mask.neg().add(1)));
                    }
                    NDScope.unregister(result);
                }
                result.attach(manager);
                tensors.put(e.getKey(), result);
            }
        } catch (RuntimeException ex) {
            manager.close();
            throw ex;
        }
        List<String> notes = new ArrayList<>(b.notes());
        notes.add("sparsified in memory: " + spec.descriptor());
        return new EndpointWeights(b.source(), Hashing.sha256Hex(b.sha256(), spec.descriptor()), tensors,
                b.nonFinite(), notes, manager);
    }

    /**
     * The interpolated placement: after each interpolation, multiply the target tensors by their masks. Random masks
     * are built once (the same at every alpha); magnitude masks are recomputed from |theta(alpha)| at each alpha.
     */
    public static PathHook interpolatedHook(WeightModel working, Map<String, List<String>> groups, SparsitySpec spec)
            throws RftException {
        spec.validated();
        Map<String, NDArray> params = working.parameters();
        Map<String, List<String>> targets = targets(spec, groups, params);
        NDManager manager = working.manager().newSubManager();
        Map<String, NDArray> fixed = new LinkedHashMap<>();
        if (spec.method() == SparsitySpec.Method.RANDOM) {
            masks(spec, targets, params, null).forEach((name, m) -> fixed.put(name,
                    manager.create(m, params.get(name).getShape()).toType(params.get(name).getDataType(), false)));
        }
        return new PathHook() {
            @Override
            public void afterInterpolation(double alpha) {
                if (spec.method() == SparsitySpec.Method.RANDOM) {
                    fixed.forEach((name, mask) -> params.get(name).muli(mask));
                    return;
                }
                Map<String, float[]> masks = masks(spec, targets, params, name -> params.get(name).toFloatArray());
                for (Map.Entry<String, float[]> e : masks.entrySet()) {
                    NDArray p = params.get(e.getKey());
                    try (NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        p.muli(manager.create(e.getValue(), p.getShape()).toType(p.getDataType(), false));
                    }
                }
            }

            @Override
            public void close() {
                manager.close();
            }
        };
    }

    /** Masks by tensor name for every target tensor. */
    static Map<String, float[]> masks(SparsitySpec spec, Map<String, List<String>> targets,
            Map<String, NDArray> shapes, Function<String, float[]> magnitudeSource) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (List<String> names : targets.values()) {
            if (spec.method() == SparsitySpec.Method.RANDOM) {
                for (String n : names) {
                    out.put(n, Masks.random(n, shapes.get(n).size(), spec.ratio(), spec.seed()));
                }
            } else if (spec.scope() == SparsitySpec.Scope.PER_GROUP) {
                List<float[]> values = names.stream().map(magnitudeSource).toList();
                List<float[]> masks = Masks.magnitude(values, spec.ratio());
                for (int i = 0; i < names.size(); i++) {
                    out.put(names.get(i), masks.get(i));
                }
            } else {
                for (String n : names) {
                    out.put(n, Masks.magnitude(List.of(magnitudeSource.apply(n)), spec.ratio()).get(0));
                }
            }
        }
        return out;
    }
}
