package org.rftworkbench.core.service.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.core.service.ComputeService;
import org.rftworkbench.core.service.embedded.EmbeddedComputeService;
import org.rftworkbench.core.service.PreviewRequest;
import org.rftworkbench.core.service.PreviewResult;
import org.rftworkbench.core.service.Priority;
import org.rftworkbench.testutil.TestPngs;
import org.rftworkbench.testutil.TinyProject;

/**
 * A served job on a real embedded service: an image folder inside the root whose class folder is a symbolic link
 * to a folder outside it. The request passes the submission checks (every path the project names is inside); the
 * job must then fail when it reaches the link, without reading what lies behind it.
 */
class ServerConfinementTest {
    @TempDir
    Path dir;

    @Test
    void aClassFolderLinkedOutsideTheRootFailsTheJobWithOneClearLine() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path projectFile = TinyProject.create(root.resolve("tiny"));
        Path images = Files.createDirectories(root.resolve("tiny/data/folder"));
        Path outside = Files.createDirectories(dir.resolve("outside/class1"));
        byte[] png = TestPngs.oneBitPng(28);
        Files.write(Files.createDirectories(images.resolve("class0")).resolve("0.png"), png);
        Files.write(outside.resolve("1.png"), png);
        Path link = Files.createSymbolicLink(images.resolve("class1"), outside);
        ProjectSpec p = ProjectStore.load(projectFile).spec();
        List<ProjectSpec.DatasetEntry> datasets = new ArrayList<>(p.datasets());
        datasets.add(new ProjectSpec.DatasetEntry("folder", ProjectSpec.Role.OOD, ProjectSpec.Format.IMAGE_FOLDER, "data/folder",
                null, null));
        ProjectStore.save(new ProjectSpec(p.formatVersion(), p.name(), p.description(), p.model(), p.endpointA(),
                p.endpointB(), p.classes(), p.classesFile(), p.preprocess(), datasets, p.alphaGrid(), p.layerAlphas(),
                p.batchSize()), projectFile);

        ServerRoots roots = ServerRoots.of(List.of(root));
        EmbeddedComputeService.Settings settings = EmbeddedComputeService.Settings.of(dir.resolve("cache/results"),
                dir.resolve("cache/tensors")).withDevices(List.of(Device.cpu())).withFileAccess(roots.fileAccess());
        try (EmbeddedComputeService service = new EmbeddedComputeService(settings);
                ComputeServer server = ComputeServer.start(service, ServerConfig.loopback(roots));
                ComputeService client = RemoteComputeService.connect(server.url(), null)) {
            var job = client.preview(new PreviewRequest("tiny/project.json", 0.5, List.of(), List.of("folder")),
                    Priority.USER, null, e -> { });
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> job.result().get(120, TimeUnit.SECONDS));
            RftException cause = assertInstanceOf(RftException.class, failed.getCause());
            assertTrue(cause.getMessage().contains(root.toRealPath().resolve("tiny/data/folder/class1")
                    + ": leads outside the server's roots (through a symbolic link)"), cause.getMessage());
            assertTrue(!cause.getMessage().contains(outside.toString()), "the target is not named: "
                    + cause.getMessage());

            // The same project with the link replaced by a real folder computes (so the refusal was the link).
            Files.delete(link);
            Files.write(Files.createDirectories(images.resolve("class1")).resolve("1.png"), png);
            PreviewResult ok = client.preview(new PreviewRequest("tiny/project.json", 0.5, List.of(),
                    List.of("folder")), Priority.USER, null, e -> { }).result().get(120, TimeUnit.SECONDS);
            assertEquals(List.of("folder"), List.copyOf(ok.datasets().keySet()));
        }
    }
}
