package org.rftworkbench.core.project;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A seeded, stratified split of each dataset's images into a validation part (what a per-layer mixing search may
 * tune on) and an untouched test part (what it reports on), recorded in the project file so every later search uses
 * the same images. The images of each class are shuffled with {@code seed} and the first
 * {@code round(fraction * count)} of them are validation ({@link org.rftworkbench.core.eval.StratifiedSplit}); the
 * recorded sizes and SHA-256 of the validation indices detect a dataset or algorithm that changed since. Immutable.
 *
 * @param fraction share of each class that is validation, in (0, 1)
 * @param seed     shuffle seed
 * @param method   "stratified-per-class"
 * @param datasets dataset name -> its parts, in project order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ValidationSplit(@JsonProperty("fraction") double fraction, @JsonProperty("seed") long seed,
        @JsonProperty("method") String method, @JsonProperty("datasets") Map<String, Part> datasets) {
    public static final String METHOD = "stratified-per-class";

    @JsonCreator
    public ValidationSplit {
        datasets = datasets == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(datasets));
    }

    /**
     * One dataset's split.
     *
     * @param validation number of validation images
     * @param test       number of test images
     * @param sha256     hex SHA-256 of the ascending validation indices (4-byte big-endian each)
     */
    public record Part(@JsonProperty("validation") int validation, @JsonProperty("test") int test,
            @JsonProperty("sha256") String sha256) {
        @JsonCreator
        public Part {
        }
    }
}
