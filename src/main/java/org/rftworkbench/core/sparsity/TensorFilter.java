package org.rftworkbench.core.sparsity;

import java.util.regex.Pattern;

/**
 * Which tensors of a chosen group may be sparsified. The default keeps weight matrices only (at least 2 dimensions:
 * linear and conv weights, visual.proj, the head) and excludes embeddings; LayerNorm parameters and biases are 1-D and
 * so excluded. Immutable and thread-safe.
 *
 * @param minDims  smallest number of dimensions a tensor must have
 * @param include  regex a name must fully match (null = any)
 * @param exclude  regex that removes a name when it matches fully (null = none)
 */
public record TensorFilter(int minDims, String include, String exclude) {
    /** Weight matrices, no embeddings. */
    public static final TensorFilter WEIGHT_MATRICES = new TensorFilter(2, null, ".*embedding.*");

    /** Whether a tensor of this name and rank is eligible. */
    public boolean accepts(String name, int dims) {
        return dims >= minDims && (include == null || Pattern.matches(include, name))
                && (exclude == null || !Pattern.matches(exclude, name));
    }

    /** Deterministic description for {@link SparsitySpec#descriptor()}. */
    public String descriptor() {
        return "dims>=" + minDims + (include == null ? "" : ",include=" + include)
                + (exclude == null ? "" : ",exclude=" + exclude);
    }
}
