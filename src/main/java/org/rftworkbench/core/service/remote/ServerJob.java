package org.rftworkbench.core.service.remote;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.JobHandle;
import org.rftworkbench.core.service.JobRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's record of one job: the frames of its event stream, in order, kept so a client that connects after
 * the job started still sees every event. Progress and estimates are appended as the service reports them; the
 * closing frames ("result" when it succeeded, then exactly one terminal event) are appended when the job's future
 * completes, so the stream always ends with the result already sent. Thread-safe (monitor on this).
 */
final class ServerJob {
    private static final Logger LOG = LoggerFactory.getLogger(ServerJob.class);
    /** Stack frames and "... 3 more" lines: never sent to clients, even inside a failure's detail. */
    private static final Pattern STACK_LINE = Pattern.compile("^\\s*(at [^\\s(]+\\(.*\\)|\\.\\.\\. \\d+ (more|common frames omitted))\\s*$");

    /** One server-sent event: its name and the object sent as JSON data. */
    record Frame(String name, Object data) {
    }

    /** Frames from an index on, and whether the job has completed (no more frames will come). */
    record Batch(List<Frame> frames, boolean complete) {
    }

    private final JobRequest request;
    private final List<Frame> frames = new ArrayList<>();
    private volatile String id;
    private JobHandle<?> handle;
    private JobEvent terminal;
    private String state = "running";
    private String error;
    private Object result;
    private boolean complete;

    ServerJob(JobRequest request) {
        this.request = request;
    }

    /** Called once the service returned the handle (events may have arrived before). */
    synchronized void attach(JobHandle<?> h) {
        this.handle = h;
        this.id = h.id();
        h.result().whenComplete(this::onCompleted);
    }

    String id() {
        return id;
    }

    JobRequest request() {
        return request;
    }

    synchronized JobHandle<?> handle() {
        return handle;
    }

    /** The service's event sink. Terminal events are held back until the future completes (see the class doc). */
    synchronized void onEvent(JobEvent event) {
        if (complete) {
            return;
        }
        if (event instanceof JobEvent.Finished || event instanceof JobEvent.Failed
                || event instanceof JobEvent.Cancelled) {
            terminal = event;
        } else {
            frames.add(new Frame(eventName(event), event));
            notifyAll();
        }
    }

    private synchronized void onCompleted(Object value, Throwable failure) {
        if (complete) {
            return;
        }
        Throwable cause = unwrap(failure);
        if (cause == null) {
            state = "finished";
            result = value;
            frames.add(new Frame(RemoteJson.RESULT_EVENT, value));
            frames.add(new Frame("finished", terminal instanceof JobEvent.Finished ? terminal
                    : new JobEvent.Finished(id)));
        } else if (cause instanceof CancellationException) {
            state = "cancelled";
            frames.add(new Frame("cancelled", terminal instanceof JobEvent.Cancelled ? terminal
                    : new JobEvent.Cancelled(id)));
        } else {
            state = "failed";
            JobEvent.Failed failed = failureEvent(cause);
            error = failed.message();
            frames.add(new Frame("failed", failed));
        }
        complete = true;
        notifyAll();
    }

    /** The service's own Failed event (detail stripped of stack frames), else one made from the exception. */
    private JobEvent.Failed failureEvent(Throwable cause) {
        if (terminal instanceof JobEvent.Failed f && f.message() != null) {
            if (f.detail() != null) {
                LOG.info("job {} failed: {}\n{}", id, f.message(), f.detail());
            }
            return new JobEvent.Failed(f.jobId(), f.message(), withoutStackFrames(f.detail()));
        }
        if (cause instanceof RftException) {
            return new JobEvent.Failed(id, cause.getMessage(), null);
        }
        LOG.error("job {} failed", id, cause);
        return new JobEvent.Failed(id, "internal error on the compute server (see the server log)", null);
    }

    static String withoutStackFrames(String detail) {
        if (detail == null) {
            return null;
        }
        StringBuilder kept = new StringBuilder();
        for (String line : detail.split("\\R")) {
            if (!STACK_LINE.matcher(line).matches()) {
                kept.append(kept.length() == 0 ? "" : "\n").append(line);
            }
        }
        return kept.toString();
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * Waits up to {@code timeoutMillis} for frames after {@code from}. Returns at once when some are there or the job
     * is complete; an empty, incomplete batch means the wait timed out (the caller sends a keep-alive).
     */
    synchronized Batch awaitFrames(int from, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (frames.size() <= from && !complete) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return new Batch(List.copyOf(frames.subList(Math.min(from, frames.size()), frames.size())), complete);
    }

    /** Wakes waiting streams (server shutdown). */
    synchronized void wake() {
        notifyAll();
    }

    synchronized boolean isComplete() {
        return complete;
    }

    synchronized RemoteJson.JobState state() {
        return new RemoteJson.JobState(id, state, request.describe(), error);
    }

    /** The result of a finished job, else null. */
    synchronized Object result() {
        return result;
    }

    /** The SSE event name: the same name as the event's JSON "event" field. */
    static String eventName(JobEvent event) {
        if (event instanceof JobEvent.Progress) {
            return "progress";
        }
        if (event instanceof JobEvent.Estimates) {
            return "estimates";
        }
        if (event instanceof JobEvent.SharpnessCell) {
            return "sharpness-cell";
        }
        if (event instanceof JobEvent.Warning) {
            return "warning";
        }
        if (event instanceof JobEvent.Note) {
            return "note";
        }
        if (event instanceof JobEvent.CacheUse) {
            return "cache-use";
        }
        if (event instanceof JobEvent.Finished) {
            return "finished";
        }
        if (event instanceof JobEvent.Failed) {
            return "failed";
        }
        return "cancelled";
    }
}
