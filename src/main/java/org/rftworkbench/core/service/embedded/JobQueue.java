package org.rftworkbench.core.service.embedded;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * Jobs with work units not yet claimed, highest priority first and FIFO within a priority. Device threads block in
 * {@link #take()}; a job with several units (a sweep) stays queued until all its units are claimed, so several
 * devices share it. Lock order: queue, then job (a job never calls into the queue while holding its own lock).
 */
final class JobQueue {
    /** A unit of a job claimed by one device thread. */
    record Claim(Job<?> job, int unit) {
    }

    private final TreeSet<Job<?>> ready = new TreeSet<>(
            Comparator.<Job<?>>comparingInt(j -> j.priority().ordinal()).thenComparingLong(Job::sequence));
    private boolean closed;

    synchronized void add(Job<?> job) {
        if (closed) {
            throw new IllegalStateException("the compute service is closed");
        }
        ready.add(job);
        notifyAll();
    }

    synchronized void remove(Job<?> job) {
        ready.remove(job);
    }

    /** The next unit to run, waiting for one; null once the queue is closed. */
    synchronized Claim take() throws InterruptedException {
        while (true) {
            if (closed) {
                return null;
            }
            for (Iterator<Job<?>> it = ready.iterator(); it.hasNext(); ) {
                Job<?> job = it.next();
                int unit = job.claim();
                if (unit < 0) {
                    it.remove();
                    continue;
                }
                if (!job.hasUnclaimedUnits()) {
                    it.remove();
                }
                return new Claim(job, unit);
            }
            wait();
        }
    }

    /** Stops handing out work; returns the jobs that were still waiting. */
    synchronized List<Job<?>> close() {
        closed = true;
        notifyAll();
        List<Job<?>> left = new ArrayList<>(ready);
        ready.clear();
        return left;
    }

    synchronized int size() {
        return ready.size();
    }
}
