package org.rftworkbench.core.service.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.eval.SweepResult;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.JobHandle;
import org.rftworkbench.core.service.PreviewRequest;
import org.rftworkbench.core.service.PreviewResult;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.SweepRequest;

/** Server + client over loopback around a fake service: round trips, cancellation, failures and refusals. */
class ComputeServerTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final long WAIT_S = 10;

    @TempDir
    Path root;

    private FakeComputeService fake;
    private ComputeServer server;
    private final HttpClient raw = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void setUp() throws Exception {
        TestProjects.write(root.resolve("proj"), "b.safetensors");
        fake = new FakeComputeService();
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        fake.close();
    }

    private ComputeServer start(BearerToken token) throws RftException {
        server = ComputeServer.start(fake, ServerConfig.loopback(ServerRoots.of(List.of(root))).withToken(token));
        return server;
    }

    private static PreviewRequest preview(String project, double alpha) {
        return new PreviewRequest(project, alpha, List.of(), null);
    }

    @Test
    void previewRoundTripDeliversTheFakesEventsInOrderAndItsResult() throws Exception {
        start(null);
        List<JobEvent> seen = new CopyOnWriteArrayList<>();
        try (RemoteComputeService client = RemoteComputeService.connect(server.url(), null)) {
            JobHandle<PreviewResult> job = client.preview(preview("proj/project.json", 0.35), Priority.INTERACTIVE,
                    "alpha-preview", seen::add);
            PreviewResult result = job.result().get(WAIT_S, TimeUnit.SECONDS);

            assertEquals(FakeComputeService.previewResult(0.35), result);
            assertEquals(fake.emitted.get(job.id()), seen, "same events, same order, terminal last");
            assertEquals(2 * fake.steps + 1, seen.size());
            assertInstanceOf(JobEvent.Finished.class, seen.get(seen.size() - 1));
            assertTrue(Double.isNaN(result.datasets().get("sketch").loss()), "NaN survives the wire");
            assertEquals(Priority.INTERACTIVE, job.priority());
        }
        // The server resolved the relative path to the real file inside the root.
        PreviewRequest received = (PreviewRequest) fake.received.get(0);
        assertEquals(root.toRealPath().resolve("proj/project.json").toString(), received.project());
        assertEquals(0.35, received.alpha());
    }

    @Test
    void sweepRoundTripReturnsTheSameResult() throws Exception {
        start(null);
        fake.completeBeforeTerminalEvent = true;
        List<JobEvent> seen = new CopyOnWriteArrayList<>();
        List<Double> alphas = List.of(0.0, 0.25, 0.5, 1.0);
        try (RemoteComputeService client = RemoteComputeService.connect(server.url(), null)) {
            JobHandle<SweepResult> job = client.sweep(new SweepRequest("proj/project.json", alphas, List.of(),
                    List.of("id"), 16), Priority.USER, null, seen::add);
            assertEquals(FakeComputeService.sweepResult(alphas), job.result().get(WAIT_S, TimeUnit.SECONDS));
            assertEquals(fake.emitted.get(job.id()), seen);
        }
    }

    @Test
    void resultCanAlsoBeFetchedAfterTheStream() throws Exception {
        start(null);
        try (RemoteComputeService client = RemoteComputeService.connect(server.url(), null)) {
            JobHandle<PreviewResult> job = client.preview(preview("proj/project.json", 0.5), Priority.USER, null,
                    e -> { });
            job.result().get(WAIT_S, TimeUnit.SECONDS);
            HttpResponse<String> r = get("/v1/jobs/" + job.id() + "/result", null);
            assertEquals(200, r.statusCode());
            assertEquals(FakeComputeService.previewResult(0.5),
                    RemoteJson.MAPPER.readValue(r.body(), PreviewResult.class));
            assertEquals("finished", json(get("/v1/jobs/" + job.id(), null)).get("state").asText());
        }
    }

    @Test
    void plainSubmitThenTheEventsRouteReplaysTheWholeStream() throws Exception {
        start(null);
        HttpResponse<String> submitted = submit("proj/project.json");
        assertEquals(200, submitted.statusCode());
        String id = json(submitted).get("jobId").asText();
        HttpResponse<String> stream = get("/v1/jobs/" + id + "/events", null);
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        SseReader reader = new SseReader(new java.io.ByteArrayInputStream(
                stream.body().getBytes(StandardCharsets.UTF_8)));
        List<String> names = new java.util.ArrayList<>();
        String resultData = null;
        for (SseReader.Event e = reader.next(); e != null; e = reader.next()) {
            names.add(e.name());
            if (e.name().equals("result")) {
                resultData = e.data();
            }
        }
        assertEquals(List.of("progress", "estimates", "progress", "estimates", "progress", "estimates", "result",
                "finished"), names);
        assertEquals(FakeComputeService.previewResult(0.5),
                RemoteJson.MAPPER.readValue(resultData, PreviewResult.class));
    }

    @Test
    void cancellingTheHandleCancelsTheJobOnTheServer() throws Exception {
        start(null);
        fake.steps = 1000;
        fake.stepMillis = 5;
        List<JobEvent> seen = new CopyOnWriteArrayList<>();
        try (RemoteComputeService client = RemoteComputeService.connect(server.url(), null)) {
            JobHandle<PreviewResult> job = client.preview(preview("proj/project.json", 0.2), Priority.USER, null,
                    seen::add);
            waitFor(() -> !seen.isEmpty());
            job.cancel();
            assertThrows(CancellationException.class, () -> job.result().get(WAIT_S, TimeUnit.SECONDS));
            assertTrue(job.result().isCancelled());
            assertTrue(fake.jobs.get(job.id()).cancelled, "the fake saw the cancellation");
            waitFor(() -> !seen.isEmpty() && seen.get(seen.size() - 1) instanceof JobEvent.Cancelled);
        }
    }

    @Test
    void cancellingTheFutureAlsoCancelsOnTheServer() throws Exception {
        start(null);
        fake.steps = 1000;
        fake.stepMillis = 5;
        try (RemoteComputeService client = RemoteComputeService.connect(server.url(), null)) {
            JobHandle<PreviewResult> job = client.preview(preview("proj/project.json", 0.2), Priority.USER, null,
                    e -> { });
            job.result().cancel(true);
            waitFor(() -> fake.jobs.get(job.id()).cancelled);
            waitFor(() -> fake.jobs.get(job.id()).result().isDone());
        }
    }

    @Test
    void failureArrivesAsRftExceptionWithTheServersMessageAndNoStackFrames() throws Exception {
        start(null);
        fake.failWith = new RftException("weights.bin: not a checkpoint");
        List<JobEvent> seen = new CopyOnWriteArrayList<>();
        try (RemoteComputeService client = RemoteComputeService.connect(server.url(), null)) {
            JobHandle<PreviewResult> job = client.preview(preview("proj/project.json", 0.2), Priority.USER, null,
                    seen::add);
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> job.result().get(WAIT_S, TimeUnit.SECONDS));
            assertInstanceOf(RftException.class, e.getCause());
            assertEquals("weights.bin: not a checkpoint", e.getCause().getMessage());
            JobEvent.Failed failed = (JobEvent.Failed) seen.get(seen.size() - 1);
            assertEquals("java.lang.IllegalStateException: inner", failed.detail(), "frames stripped");
        }
    }

    @Test
    void closingTheClientCancelsItsJobsAndStopsItsThreads() throws Exception {
        start(null);
        fake.steps = 1000;
        fake.stepMillis = 5;
        RemoteComputeService client = RemoteComputeService.connect(server.url(), null);
        JobHandle<PreviewResult> job = client.preview(preview("proj/project.json", 0.2), Priority.USER, null,
                e -> { });
        waitFor(() -> threadsNamed("rft-remote-events-") > 0);
        client.close();
        assertTrue(job.result().isCancelled());
        // threads end asynchronously after close (and an earlier test's client may still be winding down)
        waitFor(() -> threadsNamed("rft-remote-events-") == 0);
        waitFor(() -> threadsNamed("rft-remote-http-") == 0);
        waitFor(() -> fake.jobs.get(job.id()).cancelled);
    }

    @Test
    void stoppingTheServerEndsOpenStreamsWithAFailureAndStopsItsThreads() throws Exception {
        start(null);
        fake.steps = 1000;
        fake.stepMillis = 5;
        try (RemoteComputeService client = RemoteComputeService.connect(server.url(), null)) {
            List<JobEvent> seen = new CopyOnWriteArrayList<>();
            JobHandle<PreviewResult> job = client.preview(preview("proj/project.json", 0.2), Priority.USER, null,
                    seen::add);
            waitFor(() -> !seen.isEmpty());
            server.close();
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> job.result().get(WAIT_S, TimeUnit.SECONDS));
            assertInstanceOf(RftException.class, e.getCause());
            assertTrue(e.getCause().getMessage().startsWith(server.url().toString()), e.getCause().getMessage());
            assertInstanceOf(JobEvent.Failed.class, seen.get(seen.size() - 1), "the consumer sees the end too");
            assertEquals(0, threadsNamed("rft-serve-"));
        }
    }

    @Test
    void infoReportsTheServerUrlAsLocation() throws Exception {
        start(null);
        try (RemoteComputeService client = RemoteComputeService.connect(server.url(), null)) {
            assertEquals(server.url().toString(), client.info().location());
            assertEquals("Fake engine", client.info().engine());
            assertEquals(List.of("cpu()"), client.info().devices());
        }
    }

    @Test
    void tokenIsRequiredAndCheckedWhenConfigured() throws Exception {
        start(BearerToken.of(TOKEN));
        assertError(401, get("/v1/info", null));
        assertError(401, get("/v1/info", "Bearer wrong-token-wrong-token-wrong"));
        assertError(401, get("/v1/info", "Basic " + TOKEN));
        assertError(401, post("/v1/jobs", "{}", "application/json", "Bearer x"));
        assertEquals(200, get("/v1/info", "Bearer " + TOKEN).statusCode());

        RftException refused = assertThrows(RftException.class,
                () -> RemoteComputeService.connect(server.url(), "not-the-token-not-the-token"));
        assertTrue(refused.getMessage().contains("401"), refused.getMessage());
        try (RemoteComputeService client = RemoteComputeService.connect(server.url(), TOKEN)) {
            assertEquals(FakeComputeService.previewResult(0.1), client.preview(preview("proj/project.json", 0.1),
                    Priority.USER, null, e -> { }).result().get(WAIT_S, TimeUnit.SECONDS));
        }
    }

    @Test
    void refusesNonLoopbackBindWithoutToken() throws Exception {
        ServerConfig open = new ServerConfig("0.0.0.0", 0, null, ServerRoots.of(List.of(root)),
                ServerConfig.DEFAULT_MAX_BODY_BYTES);
        RftException e = assertThrows(RftException.class, () -> ComputeServer.start(fake, open));
        assertTrue(e.getMessage().contains("non-loopback") && e.getMessage().contains("--token-file"),
                e.getMessage());
        // With a token the same address passes validation (not bound here: tests stay on loopback).
        assertNotNull(open.withToken(BearerToken.of(TOKEN)).validate());
    }

    @Test
    void malformedJsonGets400WithAJsonError() throws Exception {
        start(null);
        assertError(400, post("/v1/jobs", "{\"request\": {", "application/json", null));
        assertError(400, post("/v1/jobs", "", "application/json", null));
        assertError(400, post("/v1/jobs", "[1,2]", "application/json", null));
        assertError(400, post("/v1/jobs", "{\"request\":{\"type\":\"rm -rf\",\"project\":\"x\"}}",
                "application/json", null));
        assertError(400, post("/v1/jobs", "{\"request\":{\"type\":\"preview\",\"project\":\"proj/project.json\","
                + "\"alpha\":\"lots\"}}", "application/json", null));
        assertError(400, post("/v1/jobs", "{\"request\":{\"type\":\"sweep\",\"project\":\"proj/project.json\"}}",
                "application/json", null));
        assertError(400, post("/v1/jobs", "{\"priority\":\"URGENT\"}", "application/json", null));
        assertError(415, post("/v1/jobs", "{}", "text/plain", null));
        assertTrue(fake.received.isEmpty());
    }

    @Test
    void oversizeBodyGets413() throws Exception {
        start(null);
        String big = "{\"pad\":\"" + "x".repeat(2 * ServerConfig.DEFAULT_MAX_BODY_BYTES) + "\"}";
        assertError(413, post("/v1/jobs", big, "application/json", null));
        // The server still answers afterwards.
        assertEquals(200, get("/v1/info", null).statusCode());
    }

    @Test
    void projectPathsOutsideTheRootsAreRefused() throws Exception {
        Path outside = Files.createTempDirectory("rft-outside");
        try {
            Path foreign = TestProjects.write(outside, "b.safetensors");
            TestProjects.write(root.resolve("sneaky"), "../../" + outside.getFileName() + "/b.safetensors");
            TestProjects.write(root.resolve("abs"), outside.resolve("b.safetensors").toString());
            Files.createSymbolicLink(root.resolve("link"), outside);
            start(null);
            assertError(400, submit("../" + outside.getFileName() + "/project.json"));
            assertError(400, submit("proj/../proj/project.json"));
            assertError(403, submit(foreign.toString()));
            assertError(403, submit("/etc/passwd"));
            assertError(403, submit("link/project.json"));
            assertError(403, submit("sneaky/project.json"));
            assertError(403, submit("abs/project.json"));
            assertError(404, submit("nope/project.json"));
            assertError(400, submit(""));
            assertTrue(fake.received.isEmpty(), "nothing reached the service");
            assertEquals(200, submit(root.resolve("proj/project.json").toString()).statusCode());
        } finally {
            try (var files = Files.walk(outside)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void unknownRoutesMethodsAndJobsGet4xx() throws Exception {
        start(null);
        assertError(404, get("/", null));
        assertError(404, get("/v1/nothing", null));
        assertError(404, get("/v1/jobs/nope/events", null));
        assertError(404, get("/v1/jobs/nope/result", null));
        assertError(405, get("/v1/jobs", null));
        assertError(405, post("/v1/info", "{}", "application/json", null));
    }

    @Test
    void withoutTokenOnlyLoopbackHostHeadersAreAnswered() throws Exception {
        start(null);
        assertTrue(rawStatusLine("localhost:" + server.port()).contains(" 200 "));
        assertTrue(rawStatusLine("evil.example:" + server.port()).contains(" 403 "));
        assertTrue(ComputeServer.isLoopbackName("[::1]:8765"));
        assertFalse(ComputeServer.isLoopbackName("[::1]x"));
        assertFalse(ComputeServer.isLoopbackName("127.0.0.1.evil.example"));
    }

    // ---- helpers ----

    private HttpResponse<String> submit(String project) throws Exception {
        String body = RemoteJson.MAPPER.writeValueAsString(
                new RemoteJson.Submit(preview(project, 0.5), Priority.USER, null));
        return post("/v1/jobs", body, "application/json", null);
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return raw.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String type, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return raw.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status and a JSON {"error": "..."} body that shows no stack trace or exception class. */
    private static void assertError(int status, HttpResponse<String> r) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode error = json(r).get("error");
        assertNotNull(error, r.body());
        assertFalse(error.asText().isBlank());
        for (String leak : List.of("at org.", "at java.", "Exception", "\tat ", "org.rftworkbench.core.service")) {
            assertFalse(r.body().contains(leak), "leaks '" + leak + "': " + r.body());
        }
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return RemoteJson.MAPPER.readTree(r.body());
    }

    /** HTTP/1.1 by hand: the JDK client does not let a caller set the Host header. */
    private String rawStatusLine(String host) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /v1/info HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return response.lines().findFirst().orElse("");
        }
    }

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive()).count();
    }

    /** Polls a condition for up to 10 s (bounded). */
    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean(), "condition not reached within 10 s");
    }
}
