package org.rftworkbench.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a dataset's classes map onto a classification head's classes, by exact name. A dataset may use only some
 * of the head's classes (ImageNet-R/-A style: 200 of ImageNet's 1000); evaluation then restricts the logits to
 * {@link #usedHeadIndices()} and compares the arg-max with {@link #headIndexOf(int)} of the label.
 *
 * <p>A dataset class may instead stand for several head classes (wise-ft's ObjectNet protocol, {@link #maxOver}):
 * evaluation then scores the projected logits, where the logit of dataset class k is the max over the logits of
 * its head classes ({@link #project}), and the label is the dataset class itself.
 *
 * <p>Immutable and thread-safe.
 */
public final class ClassMapping {
    private static final int MAX_NAMES_IN_MESSAGE = 5;

    private final int[] headIndexOfDatasetClass;
    private final int headClassCount;
    /** per dataset class, the head classes whose max is its logit; null for a one-to-one mapping */
    private final int[][] groups;

    private ClassMapping(int[] headIndexOfDatasetClass, int headClassCount) {
        this.headIndexOfDatasetClass = headIndexOfDatasetClass;
        this.headClassCount = headClassCount;
        this.groups = null;
    }

    private ClassMapping(int[][] groups, int headClassCount) {
        this.headIndexOfDatasetClass = null;
        this.headClassCount = headClassCount;
        this.groups = groups;
    }

    /**
     * A max projection: the logit of dataset class k is {@code max(logits[groups[k][0]], logits[groups[k][1]], ...)}.
     *
     * @throws IllegalArgumentException if a group is empty or names a head class outside {@code [0, headClassCount)}
     */
    public static ClassMapping maxOver(int[][] groups, int headClassCount) {
        int[][] copy = new int[groups.length][];
        for (int k = 0; k < groups.length; k++) {
            if (groups[k].length == 0) {
                throw new IllegalArgumentException("dataset class " + k + " has no head classes");
            }
            for (int h : groups[k]) {
                if (h < 0 || h >= headClassCount) {
                    throw new IllegalArgumentException("head class " + h + " outside [0, " + headClassCount + ")");
                }
            }
            copy[k] = groups[k].clone();
        }
        return new ClassMapping(copy, headClassCount);
    }

    /** True for a {@link #maxOver} mapping: logits must go through {@link #project} before scoring. */
    public boolean isProjection() {
        return groups != null;
    }

    /** Number of dataset classes. */
    public int datasetClassCount() {
        return groups != null ? groups.length : headIndexOfDatasetClass.length;
    }

    /**
     * Writes the projected logits of one image: {@code dst[dstOffset + k] = max over h in group k of
     * logits[offset + h]}. A NaN among a group's logits makes the projected logit NaN (it can never be correct).
     */
    public void project(float[] logits, int offset, float[] dst, int dstOffset) {
        for (int k = 0; k < groups.length; k++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int h : groups[k]) {
                max = Math.max(max, logits[offset + h]);
            }
            dst[dstOffset + k] = max;
        }
    }

    /**
     * Maps every dataset class to the head class of the same name.
     *
     * @param where names the dataset in error messages (its folder or classes file)
     * @throws DataException if some dataset classes are not in the head (the first few are listed), or a
     *                       dataset class matches a name the head lists twice
     */
    public static ClassMapping between(List<String> datasetClasses, List<String> headClasses, String where)
            throws DataException {
        Map<String, Integer> headIndex = new HashMap<>();
        Set<String> duplicated = new HashSet<>();
        for (int h = 0; h < headClasses.size(); h++) {
            if (headIndex.putIfAbsent(headClasses.get(h), h) != null) {
                duplicated.add(headClasses.get(h));
            }
        }
        int[] mapping = new int[datasetClasses.size()];
        List<String> missing = new ArrayList<>();
        for (int d = 0; d < datasetClasses.size(); d++) {
            String name = datasetClasses.get(d);
            if (duplicated.contains(name)) {
                throw new DataException(where, "class '" + name + "' appears more than once in the model head");
            }
            Integer h = headIndex.get(name);
            if (h == null) {
                missing.add(name);
            } else {
                mapping[d] = h;
            }
        }
        if (!missing.isEmpty()) {
            String listed = missing.stream().limit(MAX_NAMES_IN_MESSAGE).map(n -> "'" + n + "'")
                    .collect(Collectors.joining(", "));
            throw new DataException(where, missing.size() + " of " + datasetClasses.size()
                    + " dataset classes are not in the model head: " + listed
                    + (missing.size() > MAX_NAMES_IN_MESSAGE ? ", ..." : ""));
        }
        return new ClassMapping(mapping, headClasses.size());
    }

    /** For each dataset class index, the head class index (a copy). */
    public int[] headIndexOfDatasetClass() {
        return oneToOne().clone();
    }

    /** The head class index of dataset label {@code datasetClass}. */
    public int headIndexOf(int datasetClass) {
        return oneToOne()[datasetClass];
    }

    /** The head classes the dataset uses, ascending, without repeats: the logits to keep when masking. */
    public int[] usedHeadIndices() {
        if (groups != null) {
            return Arrays.stream(groups).flatMapToInt(Arrays::stream).distinct().sorted().toArray();
        }
        return Arrays.stream(headIndexOfDatasetClass).distinct().sorted().toArray();
    }

    private int[] oneToOne() {
        if (groups != null) {
            throw new IllegalStateException("a dataset class stands for several head classes (max projection); "
                    + "this analysis needs one head class per dataset class");
        }
        return headIndexOfDatasetClass;
    }

    public int headClassCount() {
        return headClassCount;
    }

    /** True when the head has classes the dataset never uses, so logits must be masked to the used ones. */
    public boolean isSubset() {
        return usedHeadIndices().length < headClassCount;
    }

    /** True when dataset label k is head class k for every k and the head has no other classes. */
    public boolean isIdentity() {
        if (groups != null || headIndexOfDatasetClass.length != headClassCount) {
            return false;
        }
        for (int k = 0; k < headIndexOfDatasetClass.length; k++) {
            if (headIndexOfDatasetClass[k] != k) {
                return false;
            }
        }
        return true;
    }
}
