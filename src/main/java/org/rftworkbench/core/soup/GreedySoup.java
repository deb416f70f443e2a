package org.rftworkbench.core.soup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The greedy soup recipe of model soups (Wortsman et al. 2022): sort the runs by held-out accuracy (best first; ties
 * keep the given order), start the soup with the best, and try each next run in turn, keeping it when the uniform
 * average of the soup plus that run scores higher on the held-out set than the soup so far. "Higher" is strict by
 * default, as in model-soups' code ({@code held_out_val_accuracy > best_val_acc_so_far}); {@code keepTies} keeps a
 * run that does not lower the accuracy. The accuracy of a candidate is asked from {@link Scorer}, which builds and
 * evaluates it. Not thread-safe; one run per instance call.
 */
public final class GreedySoup {
    /** Held-out accuracy of a single run or of the average of several runs. */
    public interface Scorer {
        /**
         * @param ingredients run labels, at least one; one label = that run itself
         * @return held-out top-1 (fraction, or any measure where higher is better)
         */
        double score(List<String> ingredients) throws Exception;
    }

    /**
     * What the recipe did.
     *
     * @param individual each run's own held-out score, in the given order of runs
     * @param order      the runs sorted best first
     * @param candidates each tried run after the first, with the score of the soup plus it and whether it was kept
     * @param members    the soup's ingredients, in the order they were added
     * @param score      the soup's held-out score
     */
    public record Result(List<Scored> individual, List<String> order, List<Candidate> candidates,
            List<String> members, double score) {
        public Result {
            individual = List.copyOf(individual);
            order = List.copyOf(order);
            candidates = List.copyOf(candidates);
            members = List.copyOf(members);
        }
    }

    /** A run and its own score. */
    public record Scored(String run, double score) {
    }

    /** A run tried as the next ingredient. */
    public record Candidate(String run, double score, boolean kept) {
    }

    private GreedySoup() {
    }

    /** Runs the recipe over {@code runs} (at least one). */
    public static Result make(List<String> runs, Scorer scorer, boolean keepTies) throws Exception {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a soup needs at least one run");
        }
        List<Scored> individual = new ArrayList<>();
        for (String r : runs) {
            individual.add(new Scored(r, scorer.score(List.of(r))));
        }
        List<Scored> sorted = new ArrayList<>(individual);
        sorted.sort(Comparator.comparingDouble(Scored::score).reversed()); // List.sort is stable
        List<String> members = new ArrayList<>(List.of(sorted.get(0).run()));
        double best = sorted.get(0).score();
        List<Candidate> candidates = new ArrayList<>();
        for (Scored next : sorted.subList(1, sorted.size())) {
            List<String> trial = new ArrayList<>(members);
            trial.add(next.run());
            double score = scorer.score(trial);
            boolean kept = keepTies ? score >= best : score > best;
            candidates.add(new Candidate(next.run(), score, kept));
            if (kept) {
                members = trial;
                best = score;
            }
        }
        return new Result(individual, sorted.stream().map(Scored::run).toList(), candidates, members, best);
    }
}
