package org.rftworkbench.core.service.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Limits that hold before authentication: handler threads, header count, echoed client input. */
class ServerLimitsTest {
    @TempDir
    Path root;

    private FakeComputeService fake;
    private ComputeServer server;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fake = new FakeComputeService();
    }

    @AfterEach
    void tearDown() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
        fake.close();
    }

    private void start(int maxConnections) throws Exception {
        server = ComputeServer.start(fake, ServerConfig.loopback(ServerRoots.of(List.of(root)))
                .withMaxConnections(maxConnections));
    }

    @Test
    void slowClientsCannotTakeMoreThanTheCapOfHandlerThreads() throws Exception {
        start(8);
        // Each sends the start of a request and stalls mid-header: the JDK server hands the connection to a handler
        // thread, which blocks reading the rest. An unbounded pool grew by one thread per client.
        for (int i = 0; i < 40; i++) {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
            sockets.add(s);
            s.getOutputStream().write("GET /v1/info HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
        }
        Thread.sleep(500);
        long threads = threadsNamed("rft-serve-");
        assertTrue(threads <= 8, threads + " handler threads for 40 stalled clients");
        assertTrue(threads >= 1, "the stalled clients did reach handler threads");

        // Once they go away, requests are answered again.
        for (Socket s : sockets) {
            s.close();
        }
        sockets.clear();
        String status = "";
        for (int attempt = 0; attempt < 100 && !status.endsWith("200 OK"); attempt++) {
            Thread.sleep(50);
            status = statusLine("GET /v1/info HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        }
        assertEquals("HTTP/1.1 200 OK", status);
    }

    @Test
    void tooManyHeadersCloseTheConnectionUnanswered() throws Exception {
        start(8);
        StringBuilder request = new StringBuilder("GET /v1/info HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (int i = 0; i < 100; i++) {
            request.append("X-Filler-").append(i).append(": x\r\n");
        }
        assertEquals("", statusLine(request.append("Connection: close\r\n\r\n").toString()));
        assertEquals("HTTP/1.1 200 OK",
                statusLine("GET /v1/info HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
    }

    @Test
    void echoedIdsAndPathsAreCutTo64Characters() throws Exception {
        start(8);
        String id = "j".repeat(10_000);
        String response = response("GET /v1/jobs/" + id + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 404 "), response.lines().findFirst().orElse(""));
        JsonNode error = RemoteJson.MAPPER.readTree(response.substring(response.indexOf("\r\n\r\n") + 4)).get("error");
        assertEquals("no such job: " + "j".repeat(64) + "... (unknown, or finished long ago)", error.asText());

        String route = response("GET /" + "r".repeat(5_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertTrue(route.length() < 600, "the 404 for a 5,000-character path is short: " + route.length());
    }

    @Test
    void echoKeepsShortInputAndReplacesControlCharacters() {
        assertEquals("job-7", HttpProblem.echo("job-7"));
        assertEquals("a?b", HttpProblem.echo("a\nb"));
        assertEquals("x".repeat(64) + "...", HttpProblem.echo("x".repeat(65)));
        assertEquals("x".repeat(64), HttpProblem.echo("x".repeat(64)));
    }

    private String statusLine(String request) throws IOException {
        return response(request).lines().findFirst().orElse("");
    }

    /** The raw response, or "" when the server closed the connection without one. */
    private String response(String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.net.SocketException reset) {
                return "";
            }
        }
    }

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive()).count();
    }
}
