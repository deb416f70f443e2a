package org.rftworkbench.core.service.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.rftworkbench.core.sharpness.CellStore;
import org.rftworkbench.core.sharpness.SharpnessValue;
import org.rftworkbench.core.util.Hashing;

/**
 * Sharpness heatmap cells stored in the service's content-addressed {@link ResultCache}, next to the accuracy cells,
 * so a headless `sharpness` run fills the same cache the desktop app reads. The heatmap's cell key (endpoint hashes,
 * exact alpha, group members, data and every setting) is hashed into the cache key and also stored in the entry, and
 * compared on read. Thread-safe.
 */
public final class ResultCacheCellStore implements CellStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ResultCache cache;

    public ResultCacheCellStore(ResultCache cache) {
        this.cache = cache;
    }

    @Override
    public Optional<SharpnessValue> get(String key) {
        return cache.get(id(key)).filter(node -> key.equals(node.path("cellKey").asText(null))).flatMap(node -> {
            try {
                return Optional.of(JSON.treeToValue(node.get("value"), SharpnessValue.class));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                return Optional.empty(); // an entry of an older format: recompute
            }
        });
    }

    @Override
    public void put(String key, SharpnessValue value) {
        ObjectNode node = JSON.createObjectNode();
        node.put("cellKey", key);
        node.set("value", JSON.valueToTree(value));
        cache.put(id(key), node);
    }

    private static String id(String key) {
        return Hashing.sha256Hex("sharpness-cell", key);
    }

    /** For tests: the raw entry. */
    Optional<JsonNode> raw(String key) {
        return cache.get(id(key));
    }
}
