package org.rftworkbench.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.checkpoint.Checkpoint;
import org.rftworkbench.core.checkpoint.CheckpointReader;
import org.rftworkbench.core.checkpoint.CheckpointTensor;
import org.rftworkbench.core.data.IdxImageSource;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectStore;
import org.rftworkbench.testutil.Mutator;
import org.rftworkbench.testutil.TinyProject;

/**
 * Seeded fuzzing of the file readers a server (or a careless user) feeds: a few thousand mutations of a valid project
 * file, IDX pair and safetensors file. Whatever the input, the only exception that may escape is {@link RftException}
 * (one line for the user); anything else would surface as "internal error". Bounded: fixed counts, a few seconds.
 */
class MalformedFilesFuzzTest {
    private static final long SEED = 13;
    private static final List<String> CLASSES = TinyProject.CLASSES;

    @TempDir
    Path dir;

    private final List<String> escapes = new ArrayList<>();
    private int escaped;

    @Test
    void projectFiles() throws Exception {
        Path valid = TinyProject.create(dir.resolve("p"));
        Files.writeString(dir.resolve("p/classes.txt"), String.join("\n", CLASSES));
        String seed = Files.readString(valid).replace("\"classes\"", "\"classesFile\": \"classes.txt\", \"x\"");
        Mutator m = new Mutator(SEED);
        Path file = dir.resolve("p/fuzzed.json");
        for (int i = 0; i < 1500; i++) {
            String input = m.mutateJson(seed);
            Files.writeString(file, input);
            check("project", input.getBytes(StandardCharsets.UTF_8), () -> {
                LoadedProject p = ProjectStore.load(file);
                p.classNames();
            });
        }
        assertNoEscapes();
    }

    @Test
    void idxFiles() throws Exception {
        byte[] images = idx(0x803, new int[] {6, 4, 3}, 72);
        byte[] labels = idx(0x801, new int[] {6}, 0);
        for (int i = 0; i < 6; i++) {
            labels[8 + i] = (byte) (i % 10);
        }
        Mutator m = new Mutator(SEED);
        Path imagesFile = dir.resolve("images.idx");
        Path labelsFile = dir.resolve("labels.gz");
        for (int i = 0; i < 1500; i++) {
            boolean mutateImages = m.random().nextBoolean();
            byte[] img = mutateImages ? m.mutateBytes(images) : images;
            byte[] lab = mutateImages ? labels : m.mutateBytes(labels);
            byte[] labFile = m.random().nextInt(4) == 0 ? m.mutateBytes(gzip(lab)) : gzip(lab);
            Files.write(imagesFile, img);
            Files.write(labelsFile, labFile);
            check("idx", mutateImages ? img : labFile, () -> {
                IdxImageSource source = IdxImageSource.open("fuzz", imagesFile, labelsFile, CLASSES);
                for (int k = 0; k < source.size(); k++) {
                    source.read(k);
                    source.label(k);
                }
                source.contentFingerprint();
            });
        }
        assertNoEscapes();
    }

    @Test
    void safetensorsFiles() throws Exception {
        byte[] seed = safetensors();
        Mutator m = new Mutator(SEED);
        Path file = dir.resolve("fuzz.safetensors");
        for (int i = 0; i < 1500; i++) {
            byte[] input;
            if (m.random().nextBoolean()) {
                input = m.mutateBytes(seed);
            } else {
                // Mutate the JSON header structurally and write it back with a matching length prefix.
                int headerLength = (int) ByteBuffer.wrap(seed, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
                String header = new String(seed, 8, headerLength, StandardCharsets.UTF_8);
                byte[] mutated = m.mutateJson(header).getBytes(StandardCharsets.UTF_8);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(mutated.length).array());
                out.write(mutated);
                out.write(seed, 8 + headerLength, seed.length - 8 - headerLength);
                input = out.toByteArray();
            }
            Files.write(file, input);
            check("safetensors", input, () -> {
                try (Checkpoint c = CheckpointReader.open(file)) {
                    for (CheckpointTensor t : c.tensors()) {
                        ByteBuffer b = t.bytes();
                        while (b.hasRemaining()) {
                            b.get();
                        }
                    }
                }
            });
        }
        assertNoEscapes();
    }

    private interface Attempt {
        void run() throws Exception;
    }

    private void check(String what, byte[] input, Attempt attempt) {
        try {
            attempt.run();
        } catch (RftException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().contains("\n"),
                    what + ": not one line: " + expected.getMessage());
        } catch (Throwable e) {
            escaped++;
            if (escapes.size() < 10) {
                escapes.add(what + ": " + e + " for input " + Mutator.preview(input));
            }
        }
    }

    private void assertNoEscapes() {
        assertTrue(escapes.isEmpty(), escaped + " exceptions other than RftException escaped, first ones:\n"
                + String.join("\n", escapes));
    }

    private static byte[] idx(int magic, int[] dims, int payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + Math.max(payload, dims[0]));
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        for (int i = 0; i < payload; i++) {
            b.put((byte) (i * 7));
        }
        return b.array();
    }

    private static byte[] gzip(byte[] bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }

    /** Two small tensors and metadata, laid out as safetensors: length, JSON header, data. */
    private static byte[] safetensors() throws Exception {
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                + "\"b\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[24,32]},"
                + "\"__metadata__\":{\"format\":\"pt\"}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
        out.write(h);
        byte[] data = new byte[32];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 3);
        }
        out.write(data);
        return out.toByteArray();
    }
}
