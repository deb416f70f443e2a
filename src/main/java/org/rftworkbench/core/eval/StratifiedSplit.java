package org.rftworkbench.core.eval;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.rftworkbench.core.project.ValidationSplit;
import org.rftworkbench.core.util.Hashing;

/**
 * A seeded, stratified validation/test split of one dataset: within each class the image indices are shuffled
 * (Fisher-Yates with {@link java.util.Random} seeded by the seed and the class, whose sequence the Java
 * specification fixes, so every JDK gives the same split) and the first {@code round(fraction * count)} are
 * validation. Each class is represented in both parts in proportion. Stateless.
 */
public final class StratifiedSplit {
    private StratifiedSplit() {
    }

    /** The two parts, each ascending. */
    public record Parts(int[] validation, int[] test) {
        /** The recorded form: sizes and the validation indices' SHA-256. */
        public ValidationSplit.Part describe() {
            return new ValidationSplit.Part(validation.length, test.length, sha256(validation));
        }
    }

    /**
     * @param labels     class index per image
     * @param numClasses number of classes
     * @param fraction   share of each class that is validation, in (0, 1)
     * @param seed       shuffle seed
     */
    public static Parts of(int[] labels, int numClasses, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + fraction);
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            byClass.get(labels[i]).add(i);
        }
        List<Integer> validation = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            List<Integer> members = byClass.get(c);
            Random random = new Random(seed * 1_000_003L + c);
            for (int i = members.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                Integer t = members.get(i);
                members.set(i, members.get(j));
                members.set(j, t);
            }
            int take = (int) Math.round(fraction * members.size());
            validation.addAll(members.subList(0, take));
            test.addAll(members.subList(take, members.size()));
        }
        int[] v = validation.stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] t = test.stream().mapToInt(Integer::intValue).sorted().toArray();
        return new Parts(v, t);
    }

    static String sha256(int[] indices) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * indices.length);
        Arrays.stream(indices).forEach(bytes::putInt);
        return Hashing.hex(Hashing.sha256().digest(bytes.array()));
    }
}
