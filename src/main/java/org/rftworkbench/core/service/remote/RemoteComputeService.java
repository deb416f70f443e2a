package org.rftworkbench.core.service.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.service.BasicJobHandle;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.JobHandle;
import org.rftworkbench.core.service.JobRequest;
import org.rftworkbench.core.service.PreviewRequest;
import org.rftworkbench.core.service.PreviewResult;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.ServiceInfo;
import org.rftworkbench.core.service.SweepRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ComputeService} on another machine, reached through a {@link ComputeServer} (see docs/REMOTE.md).
 * Submitting a job is one blocking round trip: the POST asks for the job's event stream in the same exchange and
 * returns once the server confirmed the job id; the events are then read from that stream on a client thread ("rft-remote-events-N") and passed to the caller's consumer in order, the terminal
 * event last; the handle's future completes right after the terminal event: with the result, an
 * {@link RftException} carrying the server's one-line message, or a {@link CancellationException}. Cancelling the
 * handle, or cancelling its future, sends {@code DELETE /v1/jobs/{id}}. Project paths are sent as given; the server
 * resolves them within its roots.
 *
 * <p>Thread-safe. {@link #close()} cancels unfinished jobs on the server, completes their futures with a
 * {@link CancellationException} and stops this client's threads. (The JDK HTTP client's own selector thread, a daemon,
 * ends once the client is garbage-collected: Java 17's {@code HttpClient} cannot be closed.)
 */
public final class RemoteComputeService implements ComputeService {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteComputeService.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    private final URI base;
    private final String authorization;
    private final ExecutorService httpPool;
    private final ExecutorService readers;
    private final HttpClient http;
    private final Map<String, RemoteJob<?>> active = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger unsubmitted = new AtomicInteger();
    private final ServiceInfo info;

    private RemoteComputeService(URI base, String token) throws RftException {
        this.base = base;
        this.authorization = token == null ? null : "Bearer " + token.strip();
        this.httpPool = Executors.newCachedThreadPool(daemonThreads("rft-remote-http-"));
        this.readers = Executors.newCachedThreadPool(daemonThreads("rft-remote-events-"));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .executor(httpPool).build();
        try {
            ServiceInfo remote = RemoteJson.MAPPER.readValue(get("/v1/info"), ServiceInfo.class);
            this.info = new ServiceInfo(base.toString(), remote.engine(), remote.devices(), remote.precision());
        } catch (RftException | IOException e) {
            shutdownPools();
            throw e instanceof RftException r ? r : new RftException(base + ": unreadable answer from the server", e);
        }
    }

    /**
     * Connects to a server and fetches its {@link ServiceInfo} once (so a wrong URL or token fails here, with a
     * one-line message).
     *
     * @param url   e.g. http://127.0.0.1:8765 (through an SSH tunnel to the GPU machine)
     * @param token the server's token, or null when it has none
     */
    public static RemoteComputeService connect(URI url, String token) throws RftException {
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new RftException(url + ": not an http:// URL of a compute server");
        }
        String text = url.toString();
        return new RemoteComputeService(URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text),
                token);
    }

    @Override
    public JobHandle<PreviewResult> preview(PreviewRequest request, Priority priority, String key,
            Consumer<JobEvent> events) {
        return submit(request, priority, key, events, PreviewResult.class);
    }

    @Override
    public JobHandle<SweepResult> sweep(SweepRequest request, Priority priority, String key,
            Consumer<JobEvent> events) {
        return submit(request, priority, key, events, SweepResult.class);
    }

    @Override
    public <R> JobHandle<R> analyze(org.rftworkbench.core.service.AnalysisRequest<R> request, Priority priority,
            String key, Consumer<JobEvent> events) {
        return submit(request, priority, key, events, request.resultType());
    }

    /** Engine, devices and precision as the server reported them when connecting; location is the server URL. */
    @Override
    public ServiceInfo info() {
        return info;
    }

    /**
     * Posts the job asking for its event stream in the same exchange; reads the "submitted" event (the job id) on
     * the caller's thread, then hands the open stream to a reader thread.
     */
    private <R> JobHandle<R> submit(JobRequest request, Priority priority, String key, Consumer<JobEvent> events,
            Class<R> resultType) {
        if (closed.get()) {
            throw new IllegalStateException("the remote compute service is closed");
        }
        InputStream body = null;
        try {
            byte[] json = RemoteJson.MAPPER.writeValueAsBytes(new RemoteJson.Submit(request, priority, key));
            HttpResponse<InputStream> response = http.send(request("/v1/jobs").timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            body = response.body();
            if (response.statusCode() != 200) {
                throw new RftException(errorMessage(response.statusCode(), body.readAllBytes()));
            }
            SseReader reader = new SseReader(body);
            SseReader.Event first = reader.next();
            if (first == null || !first.name().equals(RemoteJson.SUBMITTED_EVENT)) {
                throw new RftException(base + ": the server did not confirm the job (is it an rft-workbench server?)");
            }
            String id = RemoteJson.MAPPER.readValue(first.data(), RemoteJson.Submitted.class).jobId();
            RemoteJob<R> job = new RemoteJob<>(id, request, priority);
            job.stream = body;
            active.put(id, job);
            InputStream stream = body;
            body = null; // the reader thread owns it now
            try {
                readers.execute(() -> readEvents(job, events, resultType, reader, stream));
            } catch (RejectedExecutionException e) {
                active.remove(id);
                job.closeStream();
                job.result().completeExceptionally(new CancellationException("the remote compute service was closed"));
            }
            return job;
        } catch (RftException e) {
            return rejected(request, priority, events, e);
        } catch (JsonProcessingException e) {
            return rejected(request, priority, events, new RftException(base + ": unreadable answer from the server"));
        } catch (IOException e) {
            return rejected(request, priority, events, new RftException(base + ": cannot reach the compute server: "
                    + describe(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return rejected(request, priority, events, new RftException(base + ": interrupted while submitting"));
        } finally {
            closeQuietly(body);
        }
    }

    /** A job the server did not accept: its consumer still sees one Failed event, on a client thread. */
    private <R> JobHandle<R> rejected(JobRequest request, Priority priority, Consumer<JobEvent> events,
            RftException problem) {
        RemoteJob<R> job = new RemoteJob<>("unsubmitted-" + unsubmitted.incrementAndGet(), request, priority);
        job.terminalSeen = true;
        try {
            readers.execute(() -> {
                deliver(events, new JobEvent.Failed(job.id(), problem.getMessage(), null));
                job.result().completeExceptionally(problem);
            });
        } catch (RejectedExecutionException e) {
            job.result().completeExceptionally(problem);
        }
        return job;
    }

    private <R> void readEvents(RemoteJob<R> job, Consumer<JobEvent> events, Class<R> resultType, SseReader reader,
            InputStream body) {
        try (body) {
            readStream(job, events, resultType, reader);
            // The server ends the response right after the terminal event. Reading that end (instead of closing
            // early) lets the connection be reused cleanly: an early close raced with the next request on the same
            // pooled connection ("header parser received no bytes").
            while (reader.next() != null) {
                // nothing follows a terminal event
            }
        } catch (JsonProcessingException e) {
            fail(job, events, new RftException(base + ": the server sent an event this client cannot read"
                    + " (are both the same version?)"));
        } catch (IOException e) {
            if (closed.get()) {
                job.result().completeExceptionally(new CancellationException("the remote compute service was closed"));
            } else if (!job.result().isDone()) {
                fail(job, events, new RftException(base + ": lost the connection to the compute server: "
                        + describe(e)));
            }
        } finally {
            active.remove(job.id());
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                LOG.debug("closing a response body: {}", e.toString());
            }
        }
    }

    private <R> void readStream(RemoteJob<R> job, Consumer<JobEvent> events, Class<R> resultType, SseReader reader)
            throws IOException {
        R result = null;
        for (SseReader.Event e = reader.next(); e != null; e = reader.next()) {
            if (e.name().equals(RemoteJson.RESULT_EVENT)) {
                result = RemoteJson.MAPPER.readValue(e.data(), resultType);
                continue;
            }
            JobEvent event = RemoteJson.MAPPER.readValue(e.data(), JobEvent.class);
            boolean terminal = event instanceof JobEvent.Finished || event instanceof JobEvent.Failed
                    || event instanceof JobEvent.Cancelled;
            if (terminal) {
                job.terminalSeen = true;
            }
            deliver(events, event);
            if (event instanceof JobEvent.Finished) {
                if (result == null) {
                    job.result().completeExceptionally(new RftException(base + ": job " + job.id()
                            + " finished but the server sent no result"));
                } else {
                    job.result().complete(result);
                }
                return;
            } else if (event instanceof JobEvent.Failed f) {
                job.result().completeExceptionally(new RftException(f.message()));
                return;
            } else if (event instanceof JobEvent.Cancelled) {
                job.result().completeExceptionally(new CancellationException("job " + job.id() + " was cancelled"));
                return;
            }
        }
        fail(job, events, new RftException(base + ": the compute server closed the connection before job " + job.id()
                + " finished"));
    }

    /** Ends a job with a failure that did not come from the server: the consumer gets a Failed event too. */
    private void fail(RemoteJob<?> job, Consumer<JobEvent> events, RftException problem) {
        if (!job.terminalSeen) {
            job.terminalSeen = true;
            deliver(events, new JobEvent.Failed(job.id(), problem.getMessage(), null));
        }
        job.result().completeExceptionally(problem);
    }

    private static void deliver(Consumer<JobEvent> events, JobEvent event) {
        if (events == null) {
            return;
        }
        try {
            events.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("an event consumer failed on {}", event, e);
        }
    }

    private String jobPath(String id) {
        return "/v1/jobs/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    /** A short GET; returns the body when the status is 200, else the server's error as one line. */
    private byte[] get(String path) throws RftException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request(path).timeout(REQUEST_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RftException(base + ": cannot reach the compute server: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RftException(base + ": interrupted while talking to the compute server");
        }
        if (response.statusCode() != 200) {
            throw new RftException(errorMessage(response.statusCode(), response.body()));
        }
        return response.body();
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** "URL: the server's message (HTTP status)", with a hint for a refused token. */
    private String errorMessage(int status, byte[] body) {
        String message;
        try {
            message = RemoteJson.MAPPER.readValue(body, RemoteJson.Error.class).error();
        } catch (IOException | RuntimeException e) {
            message = null;
        }
        if (message == null) {
            message = "unexpected answer";
        }
        String hint = status == 401 ? "; check the token" : "";
        return base + ": " + message + " (HTTP " + status + hint + ")";
    }

    private CompletableFuture<?> sendCancel(String id) {
        return http.sendAsync(request(jobPath(id)).timeout(REQUEST_TIMEOUT).DELETE().build(),
                HttpResponse.BodyHandlers.discarding())
                .whenComplete((r, e) -> {
                    if (e != null) {
                        LOG.debug("could not cancel job {} on {}: {}", id, base, e.toString());
                    }
                });
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<CompletableFuture<?>> cancels = new ArrayList<>();
        for (RemoteJob<?> job : active.values()) {
            if (!job.result().isDone() && job.cancelSent.compareAndSet(false, true)) {
                cancels.add(sendCancel(job.id()));
            }
            job.result().completeExceptionally(new CancellationException("the remote compute service was closed"));
        }
        try {
            CompletableFuture.allOf(cancels.toArray(CompletableFuture[]::new))
                    .get(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("not every job could be cancelled on {}: {}", base, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (RemoteJob<?> job : active.values()) {
            job.closeStream();
        }
        shutdownPools();
    }

    private void shutdownPools() {
        readers.shutdownNow();
        httpPool.shutdownNow();
        try {
            if (!readers.awaitTermination(5, TimeUnit.SECONDS) || !httpPool.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("remote client threads did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** A job on the server as the caller sees it. */
    private final class RemoteJob<R> extends BasicJobHandle<R> {
        final AtomicBoolean cancelSent = new AtomicBoolean();
        /** Set once the terminal event was seen (or made up locally): no DELETE is needed after that. */
        volatile boolean terminalSeen;
        volatile InputStream stream;

        RemoteJob(String id, JobRequest request, Priority priority) {
            super(id, request, priority);
            // Cancelling the future itself also cancels the job on the server.
            future.whenComplete((r, e) -> {
                if (e instanceof CancellationException && !terminalSeen) {
                    cancel();
                }
            });
        }

        @Override
        public void cancel() {
            if (terminalSeen || closed.get() || !cancelSent.compareAndSet(false, true)) {
                return;
            }
            sendCancel(id());
        }

        void closeStream() {
            InputStream s = stream;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException e) {
                    LOG.debug("closing the event stream of job {}: {}", id(), e.toString());
                }
            }
        }
    }
}
