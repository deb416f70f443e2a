package org.rftworkbench.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rftworkbench.core.util.CancelledException;
import org.rftworkbench.core.util.Progress;

class TensorCacheTest {
    private static final List<String> CLASSES = List.of("a", "b", "c");
    private static final PreprocessConfig CONFIG = PreprocessConfig.clip(12);

    @TempDir
    Path dir;

    private IdxImageSource idx(int n) throws Exception {
        Path data = Files.createDirectories(dir.resolve("idx" + n));
        Path[] files = IdxTestFiles.writePair(data, n, 9, 7, 3, false);
        return IdxImageSource.open("tiny idx", files[0], files[1], CLASSES);
    }

    private ImageFolderSource folder() throws Exception {
        return ImageFolderSource.open(PreprocessorParityTest.resource("data/images"));
    }

    private static List<Path> filesIn(Path cacheDir) throws IOException {
        try (Stream<Path> s = Files.list(cacheDir)) {
            return s.toList();
        }
    }

    @Test
    void secondPrepareOpensTheCacheWithoutDecoding() throws Exception {
        Path cacheDir = dir.resolve("cache");
        CountingSource first = new CountingSource(idx(250));
        PreparedDataset built = new TensorCache(cacheDir).prepare(first, CONFIG, Progress.NONE);
        assertEquals(250, first.reads.get());
        assertEquals(250, built.size());
        assertEquals(12, built.imageSize());
        assertEquals(CLASSES, built.classNames());
        assertEquals("tiny idx", built.name());
        assertEquals(1, built.label(1));
        assertTrue(built.cacheFile().getFileName().toString().startsWith("tiny_idx-"));

        CountingSource second = new CountingSource(first.inner);
        PreparedDataset reopened = new TensorCache(cacheDir).prepare(second, CONFIG, Progress.NONE);
        assertEquals(0, second.reads.get(), "a cache hit must not decode");
        assertEquals(built.cacheFile(), reopened.cacheFile());
        assertEquals(built.contentKey(), reopened.contentKey());
        assertArrayEquals(built.labels(), reopened.labels());
        assertArrayEquals(read(built), read(reopened));
        assertEquals(List.of(built.cacheFile()), filesIn(cacheDir), "no temporary files left behind");
    }

    @Test
    void cachedPixelsEqualThePreprocessorOutput() throws Exception {
        ImageFolderSource source = folder();
        PreparedDataset prepared = new TensorCache(dir).prepare(source, CONFIG, Progress.NONE);
        Preprocessor preprocessor = new Preprocessor(CONFIG);
        for (int i = 0; i < source.size(); i++) {
            assertArrayEquals(preprocessor.apply(source.read(i)), prepared.readUint8(i), source.location(i));
            assertEquals(source.label(i), prepared.label(i));
        }
        // IDX images are stored as one plane and replicated when read
        IdxImageSource grey = idx(5);
        PreparedDataset g = new TensorCache(dir).prepare(grey, CONFIG, Progress.NONE);
        assertEquals(5 * 12 * 12, Files.size(g.cacheFile()) - payloadOffset(g.cacheFile()));
        assertArrayEquals(preprocessor.apply(grey.read(3)), g.readUint8(3));
    }

    private static long payloadOffset(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(CacheFile.PREAMBLE_BYTES);
            ch.read(b, 0);
            return b.getLong(16);
        }
    }

    @Test
    void corruptedPayloadByteIsDetectedAndRebuilt() throws Exception {
        IdxImageSource source = idx(20);
        PreparedDataset good = new TensorCache(dir.resolve("c")).prepare(source, CONFIG, Progress.NONE);
        float[] expected = read(good);
        Path file = good.cacheFile();
        long position = Files.size(file) - 100; // inside the pixel payload
        flipByte(file, position);

        CountingSource counting = new CountingSource(source);
        PreparedDataset rebuilt = new TensorCache(dir.resolve("c")).prepare(counting, CONFIG, Progress.NONE);
        assertEquals(20, counting.reads.get(), "corrupt file must be rebuilt");
        assertArrayEquals(expected, read(rebuilt));

        flipByte(file, 60); // inside the metadata (labels / class names)
        CountingSource again = new CountingSource(source);
        new TensorCache(dir.resolve("c")).prepare(again, CONFIG, Progress.NONE);
        assertEquals(20, again.reads.get(), "corrupt metadata must be rebuilt");
    }

    @Test
    void truncatedFileIsDetectedAndRebuilt() throws Exception {
        IdxImageSource source = idx(20);
        PreparedDataset good = new TensorCache(dir).prepare(source, CONFIG, Progress.NONE);
        float[] expected = read(good);
        try (FileChannel ch = FileChannel.open(good.cacheFile(), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 1);
        }
        CountingSource counting = new CountingSource(source);
        PreparedDataset rebuilt = new TensorCache(dir).prepare(counting, CONFIG, Progress.NONE);
        assertEquals(20, counting.reads.get());
        assertArrayEquals(expected, read(rebuilt));

        Files.write(good.cacheFile(), new byte[10]); // shorter than the preamble
        CountingSource tiny = new CountingSource(source);
        new TensorCache(dir).prepare(tiny, CONFIG, Progress.NONE);
        assertEquals(20, tiny.reads.get());
    }

    @Test
    void keysSeparateGeometryFromNormalisation() throws Exception {
        IdxImageSource source = idx(4);
        TensorCache cache = new TensorCache(dir);
        PreparedDataset clip = cache.prepare(source, CONFIG, Progress.NONE);
        PreparedDataset otherSize = cache.prepare(source, PreprocessConfig.clip(10), Progress.NONE);
        assertNotEquals(clip.cacheFile(), otherSize.cacheFile());
        assertNotEquals(clip.contentKey(), otherSize.contentKey());

        CountingSource counting = new CountingSource(source);
        PreparedDataset otherMean = cache.prepare(counting,
                CONFIG.withNormalization(new double[] {0.5, 0.5, 0.5}, new double[] {0.5, 0.5, 0.5}), Progress.NONE);
        assertEquals(0, counting.reads.get(), "same pixels: the file is shared");
        assertEquals(clip.cacheFile(), otherMean.cacheFile());
        assertNotEquals(clip.contentKey(), otherMean.contentKey(), "different model input: different content key");
        float[] batch = new float[3 * 144];
        otherMean.readNormalized(0, 1, batch);
        byte[] pixels = otherMean.readUint8(0);
        assertEquals(((pixels[5] & 0xFF) / 255f - 0.5f) / 0.5f, batch[5]);
    }

    @Test
    void writingChunksWhileDecodingTheNextGivesTheSameFile() throws Exception {
        IdxImageSource source = idx(250);
        int imageBytes = 12 * 12; // grey IDX images are stored as one plane
        PreparedDataset whole = new TensorCache(dir.resolve("one-chunk"), 2).prepare(source, CONFIG, Progress.NONE);
        // 7 images per chunk: 36 chunks, the last one short, both buffers reused many times
        PreparedDataset chunked = new TensorCache(dir.resolve("chunked"), 2, 7L * imageBytes)
                .prepare(source, CONFIG, Progress.NONE);
        assertArrayEquals(Files.readAllBytes(whole.cacheFile()), Files.readAllBytes(chunked.cacheFile()));
        CountingSource reopen = new CountingSource(source);
        new TensorCache(dir.resolve("chunked"), 2, 7L * imageBytes).prepare(reopen, CONFIG, Progress.NONE);
        assertEquals(0, reopen.reads.get(), "the chunked file validates and is reused");
    }

    @Test
    void resultDoesNotDependOnThreadCount() throws Exception {
        ImageFolderSource source = folder();
        PreparedDataset one = new TensorCache(dir.resolve("t1"), 1).prepare(source, CONFIG, Progress.NONE);
        PreparedDataset three = new TensorCache(dir.resolve("t3"), 3).prepare(source, CONFIG, Progress.NONE);
        assertArrayEquals(Files.readAllBytes(one.cacheFile()), Files.readAllBytes(three.cacheFile()));
    }

    @Test
    void decodeErrorNamesTheImageAndLeavesNoFile() throws Exception {
        Path root = dir.resolve("imgs");
        Files.createDirectories(root.resolve("x"));
        Files.copy(PreprocessorParityTest.resource("data/images/cls_b/grey_28x28.png"), root.resolve("x/ok.png"));
        Path broken = Files.write(root.resolve("x/zz.png"), new byte[] {9, 9, 9});
        Path cacheDir = dir.resolve("cache");
        DataException e = assertThrows(DataException.class,
                () -> new TensorCache(cacheDir).prepare(ImageFolderSource.open(root), CONFIG, Progress.NONE));
        assertTrue(e.getMessage().startsWith(broken + ": "), e.getMessage());
        assertEquals(List.of(), filesIn(cacheDir));
    }

    @Test
    void cancellationStopsAndCleansUp() throws Exception {
        IdxImageSource source = idx(300);
        AtomicInteger updates = new AtomicInteger();
        Progress cancelAfterFirstUpdate = new Progress() {
            @Override
            public void update(String task, long done, long total) {
                assertEquals("prepare tiny idx", task);
                assertEquals(300, total);
                if (done > 0) {
                    updates.incrementAndGet();
                }
            }

            @Override
            public boolean isCancelled() {
                return updates.get() > 0;
            }
        };
        CountingSource counting = new CountingSource(source);
        assertThrows(CancelledException.class,
                () -> new TensorCache(dir.resolve("cc"), 2).prepare(counting, CONFIG, cancelAfterFirstUpdate));
        assertTrue(counting.reads.get() < 300, "stopped early, read " + counting.reads.get());
        assertEquals(List.of(), filesIn(dir.resolve("cc")));
    }

    @Test
    void progressIsReportedAboutEveryHundredImages() throws Exception {
        List<Long> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        new TensorCache(dir, 1).prepare(idx(250), CONFIG, (task, done, total) -> seen.add(done));
        assertEquals(List.of(0L, 100L, 200L, 250L), seen);
    }

    @Test
    void staleTemporaryFilesOfACrashedRunAreRemoved() throws Exception {
        IdxImageSource source = idx(3);
        TensorCache cache = new TensorCache(dir.resolve("s"));
        Path file = cache.prepare(source, CONFIG, Progress.NONE).cacheFile();
        Files.delete(file);
        Path stale = Files.write(dir.resolve("s").resolve(file.getFileName() + ".tmp-dead"), new byte[100]);
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofHours(2))));
        Path live = Files.write(dir.resolve("s").resolve(file.getFileName() + ".tmp-live"), new byte[100]);
        cache.prepare(source, CONFIG, Progress.NONE);
        assertEquals(java.util.Set.of(file, live), java.util.Set.copyOf(filesIn(dir.resolve("s"))));
    }

    private static float[] read(PreparedDataset d) {
        float[] all = new float[d.size() * d.floatsPerImage()];
        d.readNormalized(0, d.size(), all);
        return all;
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, position);
            b.put(0, (byte) (b.get(0) ^ 0x01)).rewind();
            ch.write(b, position);
        }
    }
}
