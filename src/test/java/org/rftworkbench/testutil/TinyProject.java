package org.rftworkbench.testutil;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.rftworkbench.core.data.PreprocessConfig;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;

/**
 * Builds a small but complete project in a folder: the tiny reference ViT endpoints (tools/reference goldens),
 * 10 classes, an ID and an OOD dataset of random 28x28 grey images as gzipped IDX files.
 */
public final class TinyProject {
    public static final List<String> CLASSES = IntStream.range(0, 10).mapToObj(i -> "class" + i).toList();

    private TinyProject() {
    }

    /** Writes the project and returns its project.json. */
    public static Path create(Path dir) throws Exception {
        return create(dir, CLASSES, 40);
    }

    public static Path create(Path dir, List<String> classes, int imagesPerSet) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        for (String f : new String[] {"a.safetensors", "b.safetensors", "config_quickgelu.json"}) {
            Files.copy(Goldens.TINY_VIT.resolve(f), dir.resolve(f));
        }
        writeIdx(dir.resolve("data/id-images.gz"), dir.resolve("data/id-labels.gz"), imagesPerSet, 1);
        writeIdx(dir.resolve("data/ood-images.gz"), dir.resolve("data/ood-labels.gz"), imagesPerSet, 2);
        List<ProjectSpec.DatasetEntry> datasets = new ArrayList<>();
        datasets.add(new ProjectSpec.DatasetEntry("id", ProjectSpec.Role.ID, ProjectSpec.Format.IDX, "data/id-images.gz",
                "data/id-labels.gz", null));
        datasets.add(new ProjectSpec.DatasetEntry("ood", ProjectSpec.Role.OOD, ProjectSpec.Format.IDX, "data/ood-images.gz",
                "data/ood-labels.gz", null));
        ProjectSpec p = new ProjectSpec(ProjectSpec.FORMAT_VERSION, "tiny", "test project",
                new ProjectSpec.ModelSpec("config_quickgelu.json", null, null),
                new ProjectSpec.Endpoint("zero-shot", "a.safetensors"), new ProjectSpec.Endpoint("fine-tuned", "b.safetensors"),
                classes, null, PreprocessConfig.clip(32), datasets, new ProjectSpec.AlphaGrid(0.0, 1.0, 0.5, null), null,
                16);
        Path file = dir.resolve("project.json");
        ProjectStore.save(p, file);
        return file;
    }

    /** Gzipped IDX images (28x28 uint8, seeded noise) and labels (i mod 10). */
    public static void writeIdx(Path images, Path labels, int n, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] pixels = new byte[n * 28 * 28];
        random.nextBytes(pixels);
        byte[] labelBytes = new byte[n];
        for (int i = 0; i < n; i++) {
            labelBytes[i] = (byte) (i % 10);
        }
        write(images, 0x00000803, new int[] {n, 28, 28}, pixels);
        write(labels, 0x00000801, new int[] {n}, labelBytes);
    }

    private static void write(Path file, int magic, int[] dims, byte[] payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(payload);
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(bytes.toByteArray());
        }
    }
}
