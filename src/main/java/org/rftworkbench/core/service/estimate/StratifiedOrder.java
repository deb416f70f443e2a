package org.rftworkbench.core.service.estimate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A fixed-seed, class-stratified ordering of all indices of a dataset, so that every prefix of the order is a
 * class-proportional sample: a progressive estimate on the first n images is then an unbiased estimate of the
 * full-set accuracy even when classes are unequal in size, and with balanced classes it is plain round-robin over
 * the classes.
 *
 * <p>How: each class's indices are shuffled with a seed derived from {@code seed} and the class; the r-th image of a
 * class of size m gets the position (r + 0.5) / m in [0, 1]; all images are sorted by position (ties by class).
 * {@link Random} is used because its sequence is specified by the JDK, so orders are identical on every JVM.
 * Stateless.
 */
public final class StratifiedOrder {
    /** The seed the service uses; fixed so that estimates are reproducible. */
    public static final long DEFAULT_SEED = 20240601L;

    private StratifiedOrder() {
    }

    /**
     * @param labels      class of each image (0 <= label < classCount)
     * @param classCount  number of classes
     * @return a permutation of 0..labels.length-1
     */
    public static int[] of(int[] labels, int classCount, long seed) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classCount; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            byClass.get(labels[i]).add(i);
        }
        long[] sortKeys = new long[labels.length];
        double[] positions = new double[labels.length];
        int[] indexOf = new int[labels.length];
        int k = 0;
        for (int c = 0; c < classCount; c++) {
            List<Integer> members = byClass.get(c);
            int[] shuffled = members.stream().mapToInt(Integer::intValue).toArray();
            shuffle(shuffled, new Random(seed * 1_000_003L + c));
            for (int r = 0; r < shuffled.length; r++) {
                positions[k] = (r + 0.5) / shuffled.length;
                indexOf[k] = shuffled[r];
                sortKeys[k] = c;
                k++;
            }
        }
        Integer[] slots = new Integer[labels.length];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = i;
        }
        Arrays.sort(slots, (a, b) -> {
            int byPosition = Double.compare(positions[a], positions[b]);
            return byPosition != 0 ? byPosition : Long.compare(sortKeys[a], sortKeys[b]);
        });
        int[] order = new int[labels.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = indexOf[slots[i]];
        }
        return order;
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
