package org.rftworkbench.core.sparsity;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds 0/1 masks as float arrays (1 = keep). Random masks are independent Bernoulli(1 - ratio) draws seeded by
 * (seed, tensor name), so a tensor's mask does not depend on which other tensors are masked or in which order.
 * Magnitude masks zero exactly round(ratio * n) entries with the smallest |value| (ties broken by position).
 * Stateless and thread-safe.
 */
public final class Masks {
    private Masks() {
    }

    /** A seeded Bernoulli(1 - ratio) mask of {@code size} entries for the named tensor. */
    public static float[] random(String tensorName, long size, double ratio, long seed) {
        SplittableRandom random = new SplittableRandom(mix(seed, tensorName));
        float[] mask = new float[Math.toIntExact(size)];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = random.nextDouble() < ratio ? 0f : 1f;
        }
        return mask;
    }

    /**
     * Magnitude masks over several tensors that share one threshold (pass one tensor for a per-tensor mask).
     *
     * @param values the tensors' values, flattened
     * @return one mask per input, zeroing round(ratio * total) smallest |values| overall
     */
    public static List<float[]> magnitude(List<float[]> values, double ratio) {
        long total = values.stream().mapToLong(v -> v.length).sum();
        long toZero = Math.round(ratio * total);
        List<float[]> masks = values.stream().map(v -> {
            float[] m = new float[v.length];
            Arrays.fill(m, 1f);
            return m;
        }).toList();
        if (toZero == 0) {
            return masks;
        }
        float[] magnitudes = new float[Math.toIntExact(total)];
        int k = 0;
        for (float[] v : values) {
            for (float x : v) {
                magnitudes[k++] = Math.abs(x);
            }
        }
        Arrays.sort(magnitudes);
        float threshold = magnitudes[Math.toIntExact(toZero - 1)];
        long strictlyBelow = 0;
        for (float[] v : values) {
            for (float x : v) {
                strictlyBelow += Math.abs(x) < threshold ? 1 : 0;
            }
        }
        long tiesToZero = toZero - strictlyBelow;
        for (int t = 0; t < values.size(); t++) {
            float[] v = values.get(t);
            float[] m = masks.get(t);
            for (int i = 0; i < v.length; i++) {
                float a = Math.abs(v[i]);
                if (a < threshold) {
                    m[i] = 0f;
                } else if (a == threshold && tiesToZero > 0) {
                    m[i] = 0f;
                    tiesToZero--;
                }
            }
        }
        return masks;
    }

    /** Fraction of zeros in a mask. */
    public static double zeroFraction(float[] mask) {
        long zeros = 0;
        for (float m : mask) {
            zeros += m == 0f ? 1 : 0;
        }
        return mask.length == 0 ? 0 : (double) zeros / mask.length;
    }

    private static long mix(long seed, String name) {
        long h = seed * 0x9E3779B97F4A7C15L + name.hashCode();
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        return h ^ (h >>> 33);
    }
}
