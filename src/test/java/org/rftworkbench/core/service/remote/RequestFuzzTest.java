package org.rftworkbench.core.service.remote;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.service.PreviewRequest;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.SweepRequest;
import org.rftworkbench.testutil.Mutator;

/**
 * Seeded fuzzing of {@code POST /v1/jobs} (JSON -> request records -> path checks -> the service): a thousand
 * mutations of valid preview and sweep bodies. Each must be accepted (200) or refused with a 4xx and a one-line JSON
 * error; a 500 means an exception escaped as "internal error". Bounded: fixed count, loopback, a few seconds.
 */
class RequestFuzzTest {
    @TempDir
    Path root;

    @Test
    void mutatedJobRequestsGetA4xxJsonErrorOrAreAccepted() throws Exception {
        TestProjects.write(root.resolve("proj"), "b.safetensors");
        List<String> seeds = List.of(
                RemoteJson.MAPPER.writeValueAsString(new RemoteJson.Submit(
                        new PreviewRequest("proj/project.json", 0.35, List.of(), null), Priority.INTERACTIVE, "k")),
                RemoteJson.MAPPER.writeValueAsString(new RemoteJson.Submit(
                        new SweepRequest("proj/project.json", List.of(0.0, 0.5, 1.0), List.of(), List.of("id"), 16),
                        null, null)));
        Mutator m = new Mutator(29);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        List<String> problems = new ArrayList<>();
        int accepted = 0;
        try (FakeComputeService fake = new FakeComputeService();
                ComputeServer server = ComputeServer.start(fake, ServerConfig.loopback(
                        ServerRoots.of(List.of(root))))) {
            fake.steps = 0;
            URI jobs = server.url().resolve("/v1/jobs");
            for (int i = 0; i < 1000; i++) {
                String body = m.mutateJson(seeds.get(i % seeds.size()));
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(jobs).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    accepted++;
                    continue;
                }
                String problem = check(r);
                if (problem != null && problems.size() < 10) {
                    problems.add(problem + " for body " + Mutator.preview(body.getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(accepted > 0 && accepted < 1000, accepted + " of 1000 accepted: the mutations reach both sides");
    }

    /** Null when the answer is a 4xx with a one-line JSON error. */
    private static String check(HttpResponse<String> r) {
        if (r.statusCode() < 400 || r.statusCode() >= 500) {
            return "status " + r.statusCode() + ": " + r.body();
        }
        try {
            JsonNode error = RemoteJson.MAPPER.readTree(r.body()).get("error");
            if (error == null || error.asText().isBlank() || error.asText().contains("\n")
                    || error.asText().length() > 600) {
                return "status " + r.statusCode() + " without a one-line error: " + r.body();
            }
        } catch (Exception e) {
            return "status " + r.statusCode() + ", not JSON: " + r.body();
        }
        return null;
    }
}
