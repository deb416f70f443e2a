package org.rftworkbench.core.checkpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rftworkbench.core.checkpoint.PickleValues.TorchTensor;

/**
 * Finds the state dict inside an unpickled {@code torch.save} object and gives its tensors their plain names:
 * unwraps {@code {"state_dict": ...}}, {@code {"model_state_dict": ...}} and {@code {"model": ...}} wrappers (their
 * other keys such as {@code epoch} or {@code optimizer} are ignored), strips a {@code module.} prefix that every
 * tensor name shares (DataParallel), and skips non-tensor values inside the state dict. Each step taken is recorded
 * as a metadata note ({@code rft.*} keys) so that nothing is dropped silently.
 */
final class StateDictNormaliser {
    static final List<String> WRAPPER_KEYS = List.of("state_dict", "model_state_dict", "model");
    static final String DATA_PARALLEL_PREFIX = "module.";
    private static final int MAX_WRAPPER_DEPTH = 4;

    /** The tensors by normalised name in pickle order, plus notes about what was changed or skipped. */
    record Result(Map<String, TorchTensor> tensors, Map<String, String> notes) {
    }

    private StateDictNormaliser() {
    }

    static Result normalise(Path file, Object top) throws CheckpointException {
        if (top instanceof TorchTensor) {
            throw new CheckpointException(file, "holds a single tensor, not a state dict (a dict of named tensors)");
        }
        if (!(top instanceof Map<?, ?> current)) {
            throw new CheckpointException(file, "top-level object is a " + WeightsOnlyUnpickler.describe(top)
                    + ", not a state dict (a dict of named tensors)");
        }
        Map<String, String> notes = new LinkedHashMap<>();
        List<String> path = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        while (!hasTensorValues(current)) {
            String wrapper = findWrapper(current, 0);
            if (wrapper == null) {
                throw new CheckpointException(file, "no tensors found (top-level keys: " + keysOf(current) + ")");
            }
            for (Object key : current.keySet()) {
                if (!wrapper.equals(key)) {
                    ignored.add(prefixed(path, String.valueOf(key)));
                }
            }
            path.add(wrapper);
            current = (Map<?, ?>) current.get(wrapper);
        }
        if (!path.isEmpty()) {
            notes.put("rft.unwrapped", String.join("/", path));
        }
        if (!ignored.isEmpty()) {
            notes.put("rft.ignored_keys", String.join(", ", ignored));
        }

        Map<String, TorchTensor> tensors = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (Map.Entry<?, ?> e : current.entrySet()) {
            if (e.getKey() instanceof String name && e.getValue() instanceof TorchTensor tensor) {
                tensors.put(name, tensor);
            } else {
                skipped.add(e.getKey() + " (" + WeightsOnlyUnpickler.describe(e.getValue()).split(" ")[0] + ")");
            }
        }
        if (!skipped.isEmpty()) {
            notes.put("rft.skipped_entries", String.join(", ", skipped));
        }
        boolean allPrefixed = tensors.keySet().stream()
                .allMatch(n -> n.startsWith(DATA_PARALLEL_PREFIX) && n.length() > DATA_PARALLEL_PREFIX.length());
        if (allPrefixed) {
            Map<String, TorchTensor> stripped = new LinkedHashMap<>();
            tensors.forEach((n, t) -> stripped.put(n.substring(DATA_PARALLEL_PREFIX.length()), t));
            tensors = stripped;
            notes.put("rft.stripped_prefix", DATA_PARALLEL_PREFIX);
        }
        return new Result(tensors, notes);
    }

    private static boolean hasTensorValues(Map<?, ?> map) {
        return map.values().stream().anyMatch(v -> v instanceof TorchTensor);
    }

    /** The first wrapper key whose value holds tensors, directly or through further wrappers. */
    private static String findWrapper(Map<?, ?> map, int depth) {
        if (depth >= MAX_WRAPPER_DEPTH) {
            return null;
        }
        for (String key : WRAPPER_KEYS) {
            if (map.get(key) instanceof Map<?, ?> inner
                    && (hasTensorValues(inner) || findWrapper(inner, depth + 1) != null)) {
                return key;
            }
        }
        return null;
    }

    private static String keysOf(Map<?, ?> map) {
        List<String> keys = new ArrayList<>();
        for (Object k : map.keySet()) {
            if (keys.size() == 10) {
                keys.add("...");
                break;
            }
            keys.add(String.valueOf(k));
        }
        return keys.isEmpty() ? "none" : String.join(", ", keys);
    }

    private static String prefixed(List<String> path, String key) {
        return path.isEmpty() ? key : String.join("/", path) + "/" + key;
    }
}
