package org.rftworkbench.core.service.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.service.SweepRequest;

/**
 * The server runs the request validator before it accepts a job: out-of-range values get HTTP 400 with a JSON error
 * naming the field, and never reach the service; allowNonFinite travels to the service.
 */
class RequestLimitsServerTest {
    @TempDir
    Path root;

    private FakeComputeService fake;
    private ComputeServer server;
    private final HttpClient raw = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void setUp() throws Exception {
        TestProjects.write(root.resolve("proj"), "b.safetensors");
        fake = new FakeComputeService();
        server = ComputeServer.start(fake, ServerConfig.loopback(ServerRoots.of(List.of(root))));
    }

    @AfterEach
    void tearDown() {
        server.close();
        fake.close();
    }

    @Test
    void outOfRangeValuesGet400NamingTheField() throws Exception {
        String sweep = "{\"request\":{\"type\":\"sweep\",\"project\":\"proj/project.json\",";
        refused("alphas[0]", sweep + "\"alphas\":[\"NaN\"]}}");
        refused("alphas[1]", sweep + "\"alphas\":[0.5,\"Infinity\"]}}");
        refused("alphas[0]", sweep + "\"alphas\":[1e308]}}");
        refused("alphas", sweep + "\"alphas\":" + Collections.nCopies(100_000, "0.5") + "}}");
        refused("batchSize", sweep + "\"alphas\":[0.5],\"batchSize\":0}}");
        refused("batchSize", sweep + "\"alphas\":[0.5],\"batchSize\":-5}}");
        refused("batchSize", sweep + "\"alphas\":[0.5],\"batchSize\":1000000}}");
        refused("layerAlphas[0].alpha", sweep + "\"alphas\":[0.5],\"layerAlphas\":[{\"regex\":\"head\","
                + "\"alpha\":\"NaN\"}]}}");
        refused("datasets", sweep + "\"alphas\":[0.5],\"datasets\":[\"nope\"]}}");
        refused("alpha", "{\"request\":{\"type\":\"preview\",\"project\":\"proj/project.json\",\"alpha\":1e30}}");
        refused("settings.steps", "{\"request\":{\"type\":\"sharpness\",\"project\":\"proj/project.json\","
                + "\"alphas\":[0.5],\"settings\":{\"definition\":\"WORST_CASE\",\"norm\":\"LINF\",\"adaptive\":true,"
                + "\"rho\":0.001,\"steps\":1000000,\"batchSize\":8,\"examples\":8,\"noise\":\"GAUSSIAN\","
                + "\"samples\":1}}}");
        assertTrue(fake.received.isEmpty(), "nothing reached the service: " + fake.received);
    }

    @Test
    void validRequestsPassAndAllowNonFiniteReachesTheService() throws Exception {
        HttpResponse<String> r = post("{\"request\":{\"type\":\"sweep\",\"project\":\"proj/project.json\","
                + "\"alphas\":[-100,0.5,100],\"batchSize\":4096,\"datasets\":[\"id\"],\"allowNonFinite\":true}}");
        assertEquals(200, r.statusCode(), r.body());
        SweepRequest received = (SweepRequest) fake.received.get(0);
        assertTrue(received.allowNonFinite());
        r = post("{\"request\":{\"type\":\"sweep\",\"project\":\"proj/project.json\",\"alphas\":[0.5]}}");
        assertEquals(200, r.statusCode(), r.body());
        assertFalse(((SweepRequest) fake.received.get(1)).allowNonFinite(), "refused by default");
    }

    private void refused(String field, String body) throws Exception {
        HttpResponse<String> r = post(body);
        assertEquals(400, r.statusCode(), r.body());
        JsonNode error = RemoteJson.MAPPER.readTree(r.body()).get("error");
        assertTrue(error.asText().startsWith("invalid job request: " + field + ": "), r.body());
        assertFalse(r.body().contains("Exception"), r.body());
    }

    private HttpResponse<String> post(String body) throws Exception {
        return raw.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/jobs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
