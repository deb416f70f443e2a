package org.rftworkbench.core.sample;

/** Receives one-line progress messages of a training run (stage, step, loss, timings). Thread-safe if shared. */
@FunctionalInterface
public interface TrainingLog {
    TrainingLog NONE = line -> { };

    void line(String message);
}
