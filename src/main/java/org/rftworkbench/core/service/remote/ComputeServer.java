package org.rftworkbench.core.service.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.InvalidRequestException;
import org.rftworkbench.core.service.JobHandle;
import org.rftworkbench.core.service.JobRequest;
import org.rftworkbench.core.service.AnalysisRequest;
import org.rftworkbench.core.service.ModelLayoutRequest;
import org.rftworkbench.core.service.PreviewRequest;
import org.rftworkbench.core.service.SharpnessRequest;
import org.rftworkbench.core.service.SparsityRequest;
import org.rftworkbench.core.service.PlaneRequest;
import org.rftworkbench.core.service.StragglerRequest;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.RequestValidator;
import org.rftworkbench.core.service.SweepRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link ComputeService} over HTTP + JSON with the JDK's own HTTP server. Routes (all JSON, UTF-8):
 * <pre>
 *   GET    /v1/info               ServiceInfo of the wrapped service
 *   POST   /v1/jobs               {"request":{"type":"preview",...},"priority":"INTERACTIVE","key":"k"} -> {"jobId"};
 *                                 with "Accept: text/event-stream" the reply is instead the job's event stream,
 *                                 opened by "event: submitted" {"jobId"} (one round trip less: the client's way)
 *   GET    /v1/jobs/{id}          {"jobId","state","describe","error"}
 *   GET    /v1/jobs/{id}/events   text/event-stream: every JobEvent in order ("event: progress" ...); for a
 *                                 successful job "event: result" (the result JSON) then "event: finished"; the
 *                                 stream ends after the terminal event (finished, failed or cancelled)
 *   GET    /v1/jobs/{id}/result   200 with the result once finished; 409 with the job state otherwise
 *   DELETE /v1/jobs/{id}          requests cancellation (202); idempotent
 * </pre>
 * Security: a configured token is required on every route ({@code Authorization: Bearer}, 401 otherwise); without a
 * token the server only binds loopback and only answers Host headers naming loopback (against DNS rebinding). POST
 * bodies must be {@code application/json} (so a web page cannot post to it without a CORS preflight) and at most
 * {@link ServerConfig#maxBodyBytes()}. Project paths are resolved within {@link ServerRoots}. Errors are
 * {@code {"error": "one line"}} with a 4xx/5xx status; internal failures are logged here, never sent.
 *
 * <p>The server does not own the service: close the server, then the service. Thread-safe; one thread per request
 * being read or answered, at most {@link ServerConfig#maxConnections()} (event streams hold theirs until the job
 * ends); requests must arrive whole within {@code sun.net.httpserver.maxReqTime} ({@link #JDK_SERVER_DEFAULTS}).
 */
public final class ComputeServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ComputeServer.class);
    /** A comment line is sent after this much silence so tunnels keep the connection and dead clients are noticed. */
    private static final long KEEPALIVE_MILLIS = 15_000;
    /** Finished jobs kept for late readers of their events or result; older ones are forgotten. */
    private static final int RETAINED_FINISHED_JOBS = 256;
    /** An oversize body is read and discarded up to this much so the client sees the 413 instead of a reset. */
    private static final long MAX_DRAIN_BYTES = 16L << 20;
    /** Jackson's "(start marker at [Source: ...; line: 1, column: 13])": noise for the client. */
    private static final String SOURCE_MARKER = "\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)";
    /** A qualified Java class name such as org.x.Outer$Inner; group 1 is the innermost simple name. */
    private static final Pattern JAVA_NAME = Pattern.compile("\\b(?:[a-z_][\\w]*\\.)+(?:[A-Z][\\w]*\\$)*([A-Z][\\w]*)");

    /**
     * Limits of the JDK server that apply before a request reaches {@link #handle} (so before authentication), as
     * system properties with this server's defaults. The JDK reads them once, when its first server in the process
     * starts; a value given on the command line ({@code -Dname=value}) wins. docs/REMOTE.md lists them.
     */
    static final Map<String, String> JDK_SERVER_DEFAULTS = Map.of(
            // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm and delayed
            // ACKs hold the second write back ~40 ms on every response.
            "sun.net.httpserver.nodelay", "true",
            // Seconds to receive a whole request (headers and body; event streams are responses, not limited). A
            // connection that sends nothing, or a header a byte at a time, is closed then instead of holding a
            // handler thread forever.
            "sun.net.httpserver.maxReqTime", "30",
            // Open connections; more are closed at once, before anything is read.
            ServerConfig.CONNECTIONS_PROPERTY, Integer.toString(ServerConfig.DEFAULT_MAX_CONNECTIONS),
            // Request headers: count and total bytes (a request sends about 6 headers, well under 1 KB). Over either
            // the connection is closed unanswered. Older JDK updates ignore the size property (17.0.15 and 25 have it).
            "sun.net.httpserver.maxReqHeaders", "64",
            "sun.net.httpserver.maxReqHeaderSize", "65536");

    static {
        JDK_SERVER_DEFAULTS.forEach((name, value) -> {
            if (System.getProperty(name) == null) {
                System.setProperty(name, value);
            }
        });
    }

    private final ComputeService service;
    private final ServerConfig config;
    private final HttpServer http;
    private final ExecutorService handlers;
    private final Map<String, ServerJob> jobs = new ConcurrentHashMap<>();
    private final Deque<String> finishedOrder = new ArrayDeque<>();
    private final URI url;
    private volatile boolean closing;

    private ComputeServer(ComputeService service, ServerConfig config, HttpServer http, ExecutorService handlers) {
        this.service = service;
        this.config = config;
        this.http = http;
        this.handlers = handlers;
        InetSocketAddress bound = http.getAddress();
        String host = bound.getAddress().getHostAddress();
        this.url = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort());
    }

    /**
     * Validates the configuration (see {@link ServerConfig#validate()}), binds and starts serving.
     *
     * @throws RftException on unsafe settings or when the address cannot be bound
     */
    public static ComputeServer start(ComputeService service, ServerConfig config) throws RftException {
        InetAddress address = config.validate();
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(address, config.port()), 0);
        } catch (BindException e) {
            throw new RftException(config.host() + ":" + config.port() + ": cannot listen: " + e.getMessage());
        } catch (IOException e) {
            throw new RftException(config.host() + ":" + config.port() + ": cannot start server: " + e.getMessage(), e);
        }
        ExecutorService handlers = handlerPool(config.maxConnections());
        http.setExecutor(handlers);
        ComputeServer server = new ComputeServer(service, config, http, handlers);
        http.createContext("/", server::handle);
        http.start();
        LOG.debug("serving {} on {} (roots {}, token {})", service.info().location(), server.url,
                config.roots().roots(), config.token() != null ? "required" : "not set");
        return server;
    }

    /**
     * One thread per request being read or answered (an event stream keeps its thread until the job ends), at most
     * {@code max}. The JDK server hands a connection to the pool as soon as bytes arrive, before the headers are read,
     * so without a bound every slow or idle client would cost a thread. When all are busy the JDK server closes the
     * new connection (it catches the rejection); the JDK's own connection cap normally refuses it earlier.
     */
    private static ExecutorService handlerPool(int max) {
        AtomicInteger threads = new AtomicInteger();
        AtomicLong rejected = new AtomicLong();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, max, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, "rft-serve-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                (r, executor) -> {
                    long n = rejected.incrementAndGet();
                    if (n == 1 || n % 1000 == 0) {
                        LOG.warn("all {} request threads busy: closed a connection ({} so far)", max, n);
                    }
                    throw new RejectedExecutionException("all request threads busy");
                });
        return pool;
    }

    /** The address clients connect to, e.g. http://127.0.0.1:8765. */
    public URI url() {
        return url;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** Stops listening, ends open event streams and stops the server's threads. Idempotent. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        jobs.values().forEach(ServerJob::wake);
        http.stop(0);
        handlers.shutdownNow();
        try {
            if (!handlers.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("some request threads did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) {
        try {
            authorize(exchange);
            route(exchange);
        } catch (HttpProblem p) {
            sendError(exchange, p.status(), p.getMessage());
        } catch (IOException e) {
            LOG.debug("connection closed while answering {}: {}", exchange.getRequestURI(), e.toString());
        } catch (RuntimeException e) {
            LOG.error("internal error answering {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            sendError(exchange, 500, "internal error on the compute server (see the server log)");
        } finally {
            exchange.close();
        }
    }

    private void authorize(HttpExchange exchange) throws HttpProblem {
        if (config.token() != null) {
            if (!config.token().matchesHeader(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                throw new HttpProblem(401, "missing or wrong access token (send Authorization: Bearer TOKEN)");
            }
            return;
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null || !isLoopbackName(host)) {
            throw new HttpProblem(403, "this server has no token and only answers requests addressed to"
                    + " 127.0.0.1, localhost or [::1]");
        }
    }

    static boolean isLoopbackName(String hostHeader) {
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            return h.startsWith("[::1]") && (h.length() == 5 || h.charAt(5) == ':');
        }
        int colon = h.indexOf(':');
        String name = colon >= 0 ? h.substring(0, colon) : h;
        return name.equals("localhost") || name.equals("127.0.0.1");
    }

    private void route(HttpExchange exchange) throws HttpProblem, IOException {
        String method = exchange.getRequestMethod();
        String[] parts = exchange.getRequestURI().getRawPath().split("/", -1);
        // parts[0] is "" (the path starts with '/')
        if (parts.length == 3 && parts[1].equals("v1") && parts[2].equals("info")) {
            requireMethod(method, "GET");
            sendJson(exchange, 200, service.info());
        } else if (parts.length == 3 && parts[1].equals("v1") && parts[2].equals("jobs")) {
            requireMethod(method, "POST");
            submit(exchange);
        } else if (parts.length == 4 && parts[1].equals("v1") && parts[2].equals("jobs")) {
            ServerJob job = job(parts[3]);
            if (method.equals("DELETE")) {
                JobHandle<?> handle = job.handle();
                handle.cancel();
                sendJson(exchange, 202, job.state());
            } else {
                requireMethod(method, "GET");
                sendJson(exchange, 200, job.state());
            }
        } else if (parts.length == 5 && parts[1].equals("v1") && parts[2].equals("jobs")
                && parts[4].equals("events")) {
            requireMethod(method, "GET");
            streamEvents(exchange, job(parts[3]), null);
        } else if (parts.length == 5 && parts[1].equals("v1") && parts[2].equals("jobs")
                && parts[4].equals("result")) {
            requireMethod(method, "GET");
            ServerJob job = job(parts[3]);
            Object result = job.result();
            if (result != null) {
                sendJson(exchange, 200, result);
            } else {
                sendJson(exchange, 409, job.state());
            }
        } else {
            throw new HttpProblem(404, "no such route: " + HttpProblem.echo(method) + " "
                    + HttpProblem.echo(exchange.getRequestURI().getRawPath()));
        }
    }

    private static void requireMethod(String method, String allowed) throws HttpProblem {
        if (!method.equals(allowed)) {
            throw new HttpProblem(405, "method " + HttpProblem.echo(method) + " not allowed here (use " + allowed
                    + ")");
        }
    }

    private ServerJob job(String rawId) throws HttpProblem {
        String id = URLDecoder.decode(rawId, StandardCharsets.UTF_8);
        ServerJob job = jobs.get(id);
        if (job == null) {
            throw new HttpProblem(404, "no such job: " + HttpProblem.echo(id) + " (unknown, or finished long ago)");
        }
        return job;
    }

    private void submit(HttpExchange exchange) throws HttpProblem, IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new HttpProblem(415, "POST bodies must be sent as Content-Type: application/json");
        }
        RemoteJson.Submit body = parse(readBody(exchange));
        JobRequest request = onServer(body.request());
        Priority priority = body.priority() != null ? body.priority() : Priority.USER;
        ServerJob job = new ServerJob(request);
        JobHandle<?> handle;
        if (request instanceof PreviewRequest p) {
            handle = service.preview(p, priority, body.key(), job::onEvent);
        } else if (request instanceof AnalysisRequest<?> a) {
            handle = service.analyze(a, priority, body.key(), job::onEvent);
        } else {
            handle = service.sweep((SweepRequest) request, priority, body.key(), job::onEvent);
        }
        job.attach(handle);
        ServerJob previous = jobs.put(job.id(), job);
        if (previous != null) {
            LOG.warn("the service reused job id {}; the older job is no longer reachable", job.id());
        }
        handle.result().whenComplete((r, e) -> retire(job.id()));
        RemoteJson.Submitted submitted = new RemoteJson.Submitted(job.id());
        if (acceptsEventStream(exchange)) {
            // Submit and stream in one exchange: one round trip less per job (what the client does).
            streamEvents(exchange, job, new ServerJob.Frame(RemoteJson.SUBMITTED_EVENT, submitted));
        } else {
            sendJson(exchange, 200, submitted);
        }
    }

    /** Keeps the newest finished jobs only. */
    private void retire(String id) {
        synchronized (finishedOrder) {
            finishedOrder.addLast(id);
            while (finishedOrder.size() > RETAINED_FINISHED_JOBS) {
                String oldest = finishedOrder.removeFirst();
                jobs.computeIfPresent(oldest, (k, j) -> j.isComplete() ? null : j);
            }
        }
    }

    private static RemoteJson.Submit parse(byte[] body) throws HttpProblem {
        RemoteJson.Submit submit;
        try {
            submit = RemoteJson.MAPPER.readValue(body, RemoteJson.Submit.class);
        } catch (JsonMappingException e) {
            throw new HttpProblem(400, "invalid job request: " + oneLine(e.getOriginalMessage())
                    + pathOf(e));
        } catch (JsonProcessingException e) {
            throw new HttpProblem(400, "malformed JSON: " + oneLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new HttpProblem(400, "unreadable request body");
        }
        if (submit == null || submit.request() == null) {
            throw new HttpProblem(400, "invalid job request: no \"request\" object");
        }
        return submit;
    }

    /** Where in the body, as JSON field names only, e.g. {@code ["request"]->["alpha"]}. */
    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            path.append(path.length() == 0 ? "" : ".")
                    .append(ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]");
        }
        return path.length() == 0 ? "" : " (at " + path + ")";
    }

    /**
     * First line, at most 300 characters (parser messages can quote long inputs), with Java class names reduced to
     * their simple names: clients need the field and the problem, not the server's internals.
     */
    static String oneLine(String message) {
        if (message == null) {
            return "unknown problem";
        }
        String line = message.lines().findFirst().orElse("").strip().replaceAll(SOURCE_MARKER, "");
        line = JAVA_NAME.matcher(line).replaceAll("$1");
        line = line.replace("`", "'");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /** The request with its project path replaced by the real path on this server, after checking the roots. */
    private JobRequest onServer(JobRequest request) throws HttpProblem {
        validate(request, null);
        String project = config.roots().resolveProject(request.project()).toString();
        validate(request, project);
        // the validator has checked every value (finite alphas, required settings); only what it leaves open remains
        if (request instanceof PreviewRequest p) {
            return new PreviewRequest(project, p.alpha(), p.layerAlphas(), p.datasets(), p.allowNonFinite(),
                    p.run(), p.plane());
        }
        if (request instanceof AnalysisRequest<?> a) {
            return analysisOnServer(a, project);
        }
        SweepRequest s = (SweepRequest) request;
        if (s.alphas() == null || s.alphas().isEmpty()) {
            throw new HttpProblem(400, "invalid job request: a sweep needs at least one alpha");
        }
        return new SweepRequest(project, s.alphas(), s.layerAlphas(), s.datasets(), s.batchSize(),
                s.allowNonFinite(), s.run());
    }

    /**
     * {@link RequestValidator}: every value in range (HTTP 400 naming the field); with the project file (inside the
     * roots) also the dataset names. A project that cannot be read is left for the job to report.
     */
    private static void validate(JobRequest request, String project) throws HttpProblem {
        try {
            if (project == null) {
                RequestValidator.validate(request);
                return;
            }
            ProjectSpec spec;
            try {
                spec = ProjectStore.load(Path.of(project)).spec();
            } catch (RftException | RuntimeException unreadable) {
                return;
            }
            RequestValidator.validate(request, spec);
        } catch (InvalidRequestException e) {
            throw new HttpProblem(400, "invalid job request: " + oneLine(e.getMessage()));
        }
    }

    private static JobRequest analysisOnServer(AnalysisRequest<?> request, String project) throws HttpProblem {
        if (request instanceof SharpnessRequest s) {
            if (s.options() != null && s.options().noiseFile() != null) {
                // a file the client names is not opened on the server (only project files are checked in the roots)
                throw new HttpProblem(400, "invalid job request: a server does not read sharpness noise files");
            }
            return new SharpnessRequest(project, s.alphas(), s.settings(), s.granularity(), s.options(),
                    s.allowNonFinite(), s.run());
        }
        if (request instanceof StragglerRequest s) {
            return new StragglerRequest(project, s.alphas(), s.baseAlpha(), s.metric(), s.dataset(), s.primary(),
                    s.selection(), s.sharpness(), s.batchSize(), s.allowNonFinite(), s.run());
        }
        if (request instanceof org.rftworkbench.core.service.LayerSearchRequest l) {
            return new org.rftworkbench.core.service.LayerSearchRequest(project, l.run(), l.settings(), l.first(),
                    l.newSplit(), l.batchSize(), l.allowNonFinite());
        }
        if (request instanceof PlaneRequest p) {
            return new PlaneRequest(project, p.run(), p.run2(), p.us(), p.vs(), p.datasets(), p.batchSize(),
                    p.allowNonFinite());
        }
        if (request instanceof ModelLayoutRequest m) {
            return new ModelLayoutRequest(project, m.datasets(), m.filter(), m.allowNonFinite(), m.run());
        }
        SparsityRequest s = (SparsityRequest) request;
        return new SparsityRequest(project, s.alphas(), s.spec(), s.tolerance(), s.batchSize(),
                s.allowNonFinite(), s.run());
    }

    private byte[] readBody(HttpExchange exchange) throws HttpProblem, IOException {
        int limit = config.maxBodyBytes();
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        try (InputStream in = exchange.getRequestBody()) {
            if (declared != null) {
                long length;
                try {
                    length = Long.parseLong(declared.strip());
                } catch (NumberFormatException e) {
                    throw new HttpProblem(400, "malformed Content-Length header");
                }
                if (length > limit) {
                    drain(in);
                    throw tooLarge(limit);
                }
            }
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                drain(in);
                throw tooLarge(limit);
            }
            return body;
        }
    }

    private static HttpProblem tooLarge(int limit) {
        return new HttpProblem(413, "request body larger than " + limit + " bytes");
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while (total < MAX_DRAIN_BYTES && (n = in.read(buffer)) > 0) {
            total += n;
        }
    }

    private static boolean acceptsEventStream(HttpExchange exchange) {
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/event-stream");
    }

    /** Streams a job's frames from the first on, preceded by {@code first} when not null, until the job ends. */
    private void streamEvents(HttpExchange exchange, ServerJob job, ServerJob.Frame first) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        if (first != null) {
            writeFrame(out, first);
            out.flush();
        }
        int next = 0;
        try {
            while (!closing) {
                ServerJob.Batch batch = job.awaitFrames(next, KEEPALIVE_MILLIS);
                if (batch.frames().isEmpty() && !batch.complete()) {
                    out.write(":\n\n".getBytes(StandardCharsets.UTF_8));
                } else {
                    for (ServerJob.Frame frame : batch.frames()) {
                        writeFrame(out, frame);
                        next++;
                    }
                }
                out.flush();
                if (batch.complete() && batch.frames().isEmpty()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One server-sent event; the JSON is on one line (Jackson escapes newlines inside strings). */
    private static void writeFrame(OutputStream out, ServerJob.Frame frame) throws IOException {
        out.write(("event: " + frame.name() + "\ndata: ").getBytes(StandardCharsets.UTF_8));
        out.write(RemoteJson.MAPPER.writeValueAsBytes(frame.data()));
        out.write("\n\n".getBytes(StandardCharsets.UTF_8));
    }

    private static void sendError(HttpExchange exchange, int status, String message) {
        try {
            sendJson(exchange, status, new RemoteJson.Error(message));
        } catch (IOException e) {
            LOG.debug("could not send error {} to the client: {}", status, e.toString());
        }
    }

    private static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = RemoteJson.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
