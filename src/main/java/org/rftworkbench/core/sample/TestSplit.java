package org.rftworkbench.core.sample;

import java.util.Arrays;
import java.util.Random;

/**
 * A seeded split of the test images into disjoint evaluation sets: one ID set and {@code slots} equal OOD slots,
 * consecutive slices of one seeded permutation. Each OOD style of a project takes its own slot, so within a project
 * no test image is evaluated twice; two projects whose suites assign a style to the same slot share those images
 * (e.g. the mild "skmix50" uses the slot of the far "sketch"). Immutable.
 */
public final class TestSplit {
    private final int[] permutation;
    private final int idSize;
    private final int slotSize;
    private final int slots;

    /**
     * @throws IllegalArgumentException when {@code idSize + slots * slotSize} exceeds {@code count}
     */
    public TestSplit(int count, int idSize, int slots, int slotSize, long seed) {
        if (idSize < 0 || slotSize < 0 || slots < 0 || (long) idSize + (long) slots * slotSize > count) {
            throw new IllegalArgumentException("cannot split " + count + " test images into " + idSize + " ID + "
                    + slots + " x " + slotSize + " OOD images");
        }
        this.permutation = permutation(count, new Random(seed));
        this.idSize = idSize;
        this.slotSize = slotSize;
        this.slots = slots;
    }

    /** Fisher-Yates shuffle of 0..n-1 driven by {@code rng}. */
    public static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Test indices of the ID set. */
    public int[] id() {
        return Arrays.copyOfRange(permutation, 0, idSize);
    }

    /** Test indices of OOD slot {@code k} (0-based). */
    public int[] slot(int k) {
        if (k < 0 || k >= slots) {
            throw new IndexOutOfBoundsException("slot " + k + " outside [0, " + slots + ")");
        }
        int from = idSize + k * slotSize;
        return Arrays.copyOfRange(permutation, from, from + slotSize);
    }

    public int slots() {
        return slots;
    }
}
