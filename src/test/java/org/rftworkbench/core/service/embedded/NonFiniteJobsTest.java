package org.rftworkbench.core.service.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.service.Estimate;
import org.rftworkbench.core.service.JobEvent;
import org.rftworkbench.core.service.PreviewRequest;
import org.rftworkbench.core.service.PreviewResult;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.testutil.TinyProject;

/**
 * Through the embedded service (the app's path): a B checkpoint with NaN in one tensor is refused by default naming
 * it; allowed, the preview's NaN logits count as wrong, are counted in the estimates, and come back from the cache
 * with their count.
 */
class NonFiniteJobsTest {
    @TempDir
    Path dir;

    @Test
    void nanCheckpointRefusedByDefaultAndCountedWhenAllowed() throws Exception {
        Path project = TinyProject.create(dir.resolve("p"));
        poisonWithNan(dir.resolve("p/b.safetensors"), "visual.ln_post.bias");
        try (EmbeddedComputeService service = new EmbeddedComputeService(EmbeddedComputeService.Settings.of(
                dir.resolve("results"), dir.resolve("tensors")).withDevices(List.of(Device.cpu())))) {
            ExecutionException refused = assertThrows(ExecutionException.class, () -> service.preview(
                    new PreviewRequest(project.toString(), 0.5, null, null), Priority.USER, null, null).result()
                    .get(120, TimeUnit.SECONDS));
            RftException e = assertInstanceOf(RftException.class, refused.getCause());
            assertTrue(e.getMessage().contains("b.safetensors") && e.getMessage().contains("visual.ln_post.bias"),
                    e.getMessage());

            List<JobEvent> events = new CopyOnWriteArrayList<>();
            PreviewResult allowed = service.preview(new PreviewRequest(project.toString(), 0.5, null, null, true),
                    Priority.USER, null, events::add).result().get(120, TimeUnit.SECONDS);
            assertEquals(80, allowed.nonFinite(), "every image of both sets: " + allowed);
            for (Estimate est : allowed.datasets().values()) {
                assertEquals(0.0, est.top1(), "NaN logits are wrong, not correct: " + est);
                assertEquals(40, est.nonFinite());
                assertTrue(Double.isNaN(est.loss()), "no finite row, no loss");
            }
            assertEquals(40, allowed.averageOod().nonFinite());
            assertTrue(events.stream().anyMatch(ev -> ev instanceof JobEvent.Warning w
                    && w.message().contains("visual.ln_post.bias")), events.toString());
            assertTrue(events.stream().filter(ev -> ev instanceof JobEvent.Estimates).map(ev ->
                    ((JobEvent.Estimates) ev).datasets().get(0).nonFinite()).allMatch(n -> n > 0),
                    "every progressive estimate carries the count");

            PreviewResult cached = service.preview(new PreviewRequest(project.toString(), 0.5, null, null, true),
                    Priority.USER, null, null).result().get(120, TimeUnit.SECONDS);
            assertTrue(cached.fromCache());
            assertEquals(80, cached.nonFinite());
            assertFalse(cached.datasets().get("id").top1() > 0);
        }
    }

    /** Writes NaN into the first element of one float32 tensor of a safetensors file, in place. */
    private static void poisonWithNan(Path file, String tensor) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) buf.getLong(0);
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, headerLength, StandardCharsets.UTF_8));
        buf.putFloat(8 + headerLength + header.get(tensor).get("data_offsets").get(0).asInt(), Float.NaN);
        Files.write(file, bytes);
    }
}
