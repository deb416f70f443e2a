package org.rftworkbench.core.service.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.PreviewRequest;
import org.rftworkbench.core.service.PreviewResult;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;
import org.rftworkbench.testutil.TinyProject;

/**
 * A request's run label travels to a server (JSON) and selects the pair there; a server checks every run's
 * checkpoint against its roots, not only the selected one's; an unknown label is refused before a job starts.
 */
class RemoteRunSelectionTest {
    @TempDir
    Path dir;

    @Test
    void theRunLabelSelectsThePairOnTheServerAndEveryRunIsConfined() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path single = TinyProject.create(root.resolve("tiny"));
        ProjectSpec s = ProjectStore.load(single).spec();
        ProjectStore.save(pool(s, "a.safetensors"), root.resolve("tiny/pool.json"));
        Files.copy(root.resolve("tiny/b.safetensors"), Files.createDirectories(dir.resolve("outside"))
                .resolve("b.safetensors"));
        ProjectStore.save(pool(s, "../../outside/b.safetensors"), root.resolve("tiny/leaky.json"));

        ServerRoots roots = ServerRoots.of(List.of(root));
        EmbeddedComputeService.Settings settings = EmbeddedComputeService.Settings.of(dir.resolve("cache/results"),
                dir.resolve("cache/tensors")).withDevices(List.of(Device.cpu())).withFileAccess(roots.fileAccess());
        try (EmbeddedComputeService service = new EmbeddedComputeService(settings);
                ComputeServer server = ComputeServer.start(service, ServerConfig.loopback(roots));
                ComputeService client = RemoteComputeService.connect(server.url(), null)) {
            PreviewResult pairB = preview(client, "tiny/pool.json", null);
            PreviewResult pairA = preview(client, "tiny/pool.json", "a-again");
            PreviewResult singleB = preview(client, "tiny/project.json", null);
            assertEquals(singleB.datasets(), pairB.datasets(), "no label: the first run, the single pair's B");
            assertNotEquals(pairB.datasets(), pairA.datasets(), "the label reached the server");
            PreviewResult atA = client.preview(new PreviewRequest("tiny/project.json", 0.0, List.of(), null),
                    Priority.USER, null, e -> { }).result().get(120, TimeUnit.SECONDS);
            assertEquals(atA.datasets(), pairA.datasets(), "B = A: every alpha is A");

            ExecutionException unknown = assertThrows(ExecutionException.class,
                    () -> preview(client, "tiny/pool.json", "zz"));
            assertTrue(unknown.getCause().getMessage().contains("run: no run labelled 'zz' (runs: b, a-again)"),
                    unknown.getCause().getMessage());
            ExecutionException leaky = assertThrows(ExecutionException.class,
                    () -> preview(client, "tiny/leaky.json", "b"));
            assertTrue(leaky.getCause().getMessage().contains("run a-again path '../../outside/b.safetensors' is"
                    + " outside the server's roots"), leaky.getCause().getMessage());
        }
    }

    /** Runs "b" (B) and "a-again" at {@code second}. */
    private static ProjectSpec pool(ProjectSpec s, String second) {
        return new ProjectSpec(ProjectSpec.FORMAT_VERSION, "pool", null, s.model(), s.endpointA(),
                List.of(new ProjectSpec.Run("b", "b.safetensors", null), new ProjectSpec.Run("a-again", second, null)),
                null, s.classes(), s.classesFile(), s.preprocess(), s.datasets(), s.alphaGrid(), s.layerAlphas(),
                s.batchSize());
    }

    private static PreviewResult preview(ComputeService client, String project, String run) throws Exception {
        return client.preview(new PreviewRequest(project, 1.0, List.of(), null, false, run), Priority.USER, null,
                e -> { }).result().get(120, TimeUnit.SECONDS);
    }
}
