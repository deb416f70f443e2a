package org.rftworkbench.core.data;

import org.rftworkbench.core.util.Hashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.rftworkbench.core.util.CancelledException;
import org.rftworkbench.core.util.Progress;

/**
 * An on-disk cache of preprocessed datasets: decodes and preprocesses an {@link ImageSource} once, stores the
 * uint8 tensors in one file per (source content, geometric preprocessing) and memory-maps it on later calls
 * without decoding anything again.
 *
 * <p>Files are written to a temporary name in the cache folder, fsynced and atomically renamed, so a crash never
 * leaves a half-written file under the final name; a file that fails validation (size, version, key, CRC32C) is
 * deleted and rebuilt. Thread-safe; concurrent preparations of the same dataset (even from two processes) each
 * write their own temporary file and the last rename wins with identical content.
 */
public final class TensorCache {
    /** Images per progress update. */
    private static final int PROGRESS_STEP = 100;
    /**
     * Upper bound on the memory of one chunk of preprocessed images; two chunks are alive at once (one being
     * written while the next is decoded), so a preparation holds at most twice this.
     */
    private static final long CHUNK_BYTES = 32L << 20;

    /** Temporary files are named FILE + this + a random UUID. */
    private static final String TEMP_INFIX = ".tmp-";
    /** A temporary file untouched for this long belongs to a preparation that died (a live one keeps writing). */
    private static final Duration STALE_TEMP_AGE = Duration.ofHours(1);

    private final Path dir;
    private final int threads;
    private final long chunkBytes;

    /** A cache in {@code dir} (created when needed) decoding with {@link #defaultThreads()} threads. */
    public TensorCache(Path dir) {
        this(dir, defaultThreads());
    }

    /** The decoding threads a cache uses unless told otherwise: the available processors, at most 4. */
    public static int defaultThreads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** A cache in {@code dir} decoding with {@code threads} threads (results do not depend on it). */
    public TensorCache(Path dir, int threads) {
        this(dir, threads, CHUNK_BYTES);
    }

    /** With a chunk size of {@code chunkBytes} (tests use a few images per chunk to exercise the write order). */
    TensorCache(Path dir, int threads, long chunkBytes) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunk size must be positive, got " + chunkBytes);
        }
        this.dir = dir;
        this.threads = threads;
        this.chunkBytes = chunkBytes;
    }

    public Path dir() {
        return dir;
    }

    /**
     * The preprocessed dataset for {@code source} under {@code config}: opened from the cache when a valid file
     * exists (no image is decoded; the source's content fingerprint and the file's checksum are still checked),
     * otherwise built and stored first.
     *
     * @param progress receives "prepare NAME" updates every ~100 images; cancellation is honoured between images
     *                 (the temporary file is removed and {@link CancelledException} is thrown)
     * @throws DataException if an image cannot be decoded (naming it) or the cache folder cannot be written
     */
    public PreparedDataset prepare(ImageSource source, PreprocessConfig config, Progress progress)
            throws DataException {
        String sourceFingerprint = source.contentFingerprint();
        String pixelKey = Hashing.sha256Hex("rft-tensor-cache", Integer.toString(CacheFile.VERSION),
                sourceFingerprint, config.pixelFingerprint());
        String contentKey = Hashing.sha256Hex("rft-prepared-dataset", Integer.toString(CacheFile.VERSION),
                sourceFingerprint, config.fingerprint());
        Path file = dir.resolve(fileName(source.name(), pixelKey));

        PreparedDataset cached = openIfValid(file, pixelKey, contentKey, config, progress);
        if (cached != null) {
            return cached;
        }
        build(source, config, pixelKey, file, progress);
        PreparedDataset built = openIfValid(file, pixelKey, contentKey, config, progress);
        if (built == null) {
            throw new DataException(file, "cache file failed validation right after it was written");
        }
        return built;
    }

    /** "NAME-KEY.rftc" with the name reduced to safe characters and the key shortened to 32 hex digits. */
    static String fileName(String datasetName, String pixelKey) {
        String safe = datasetName.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.length() > 40) {
            safe = safe.substring(0, 40);
        }
        return (safe.isEmpty() ? "dataset" : safe) + "-" + pixelKey.substring(0, 32) + ".rftc";
    }

    /** The mapped dataset, or null when the file is missing or invalid (an invalid file is deleted). */
    private static PreparedDataset openIfValid(Path file, String pixelKey, String contentKey,
                                               PreprocessConfig config, Progress progress) throws DataException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            CacheFile.Validated validated = CacheFile.validate(channel, pixelKey, progress);
            return PreparedDataset.map(channel, file, validated, contentKey, config);
        } catch (NoSuchFileException e) {
            return null;
        } catch (CacheFile.InvalidCacheException | IOException e) {
            deleteQuietly(file);
            return null;
        }
    }

    private void build(ImageSource source, PreprocessConfig config, String pixelKey, Path file, Progress progress)
            throws DataException {
        int count = source.size();
        if (count < 1) {
            throw new DataException(source.name(), "dataset has no images");
        }
        List<String> classes = source.classNames();
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = source.label(i);
            if (labels[i] < 0 || labels[i] >= classes.size()) {
                throw new DataException(source.location(i), "label " + labels[i] + " is out of range for "
                        + classes.size() + " classes");
            }
        }
        int channels = source.allGreyscale() ? 1 : 3;
        CacheFile.Header header = new CacheFile.Header(pixelKey, source.name(), count, config.imageSize(),
                channels, classes, labels);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DataException(dir, "cannot create cache folder: " + e.getMessage(), e);
        }
        deleteStaleTemporaries(file);
        Path temp = dir.resolve(file.getFileName() + TEMP_INFIX + UUID.randomUUID());
        boolean renamed = false;
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writeContents(out, header, source, new Preprocessor(config), progress);
                out.force(true);
            }
            moveIntoPlace(temp, file);
            renamed = true;
        } catch (IOException e) {
            throw new DataException(temp, "cannot write cache file: " + e.getMessage(), e);
        } finally {
            if (!renamed) {
                deleteQuietly(temp);
            }
        }
    }

    /** Preamble + metadata, then the payload chunk by chunk (parallel inside a chunk), then the checksum. */
    private void writeContents(FileChannel out, CacheFile.Header header, ImageSource source,
                               Preprocessor preprocessor, Progress progress) throws IOException, DataException {
        byte[] meta = header.encode();
        long payloadOffset = CacheFile.payloadOffset(meta.length);
        CRC32C crc = new CRC32C();
        crc.update(meta);
        writeFully(out, CacheFile.preamble(meta.length, header.payloadLength(), 0L), 0);
        writeFully(out, ByteBuffer.wrap(meta), CacheFile.PREAMBLE_BYTES);

        int imageBytes = (int) header.imageBytes();
        int chunkImages = (int) Math.max(1, Math.min(header.count(), chunkBytes / imageBytes));
        // Two buffers: the calling thread checksums and writes one chunk while the workers decode the next, so the
        // disk never makes the decoders wait (writing used to idle every core once per chunk).
        byte[][] buffers = {new byte[chunkImages * imageBytes],
                header.count() > chunkImages ? new byte[chunkImages * imageBytes] : null};
        String task = "prepare " + source.name();
        AtomicInteger done = new AtomicInteger();
        progress.update(task, 0, header.count());
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread t = new Thread(runnable, "tensor-cache-decode");
            t.setDaemon(true);
            return t;
        });
        try {
            byte[] written = null;
            int writtenStart = 0;
            int writtenCount = 0;
            for (int start = 0, k = 0; start < header.count(); start += chunkImages, k++) {
                int n = Math.min(chunkImages, header.count() - start);
                byte[] chunk = buffers[k % 2];
                ChunkJob job = startChunk(pool, source, preprocessor, header.channels(), start, n, chunk, imageBytes,
                        progress, task, done);
                if (written != null) {
                    try {
                        crc.update(written, 0, writtenCount * imageBytes);
                        writeFully(out, ByteBuffer.wrap(written, 0, writtenCount * imageBytes),
                                payloadOffset + (long) writtenStart * imageBytes);
                    } catch (IOException | RuntimeException e) {
                        job.stop();
                        throw e;
                    }
                }
                job.await(source);
                written = chunk;
                writtenStart = start;
                writtenCount = n;
            }
            crc.update(written, 0, writtenCount * imageBytes);
            writeFully(out, ByteBuffer.wrap(written, 0, writtenCount * imageBytes),
                    payloadOffset + (long) writtenStart * imageBytes);
        } finally {
            pool.shutdownNow();
        }
        progress.update(task, header.count(), header.count());
        writeFully(out, CacheFile.preamble(meta.length, header.payloadLength(), crc.getValue()), 0);
    }

    /** Workers decoding one chunk; {@link #await} waits for them and rethrows the first failure. */
    private record ChunkJob(AtomicInteger next, int count, List<Future<Void>> workers) {
        /** Makes every worker stop at its next image. */
        void stop() {
            next.set(count);
        }

        void await(ImageSource source) throws DataException {
            Throwable failure = null;
            for (Future<Void> worker : workers) {
                try {
                    worker.get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                        stop();
                    }
                } catch (InterruptedException e) {
                    stop();
                    Thread.currentThread().interrupt();
                    throw new CancelledException();
                }
            }
            if (failure instanceof DataException de) {
                throw de;
            }
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            if (failure instanceof Error err) {
                throw err;
            }
            if (failure != null) {
                throw new IllegalStateException("unexpected failure while preparing " + source.name(), failure);
            }
        }
    }

    /** Starts decoding images [start, start+n) into {@code chunk}, each worker pulling the next index. */
    private ChunkJob startChunk(ExecutorService pool, ImageSource source, Preprocessor preprocessor, int channels,
                                int start, int n, byte[] chunk, int imageBytes, Progress progress, String task,
                                AtomicInteger done) {
        AtomicInteger next = new AtomicInteger();
        List<Future<Void>> workers = new ArrayList<>();
        for (int t = 0; t < Math.min(threads, n); t++) {
            workers.add(pool.submit(() -> {
                for (int k; (k = next.getAndIncrement()) < n; ) {
                    progress.checkCancelled();
                    int i = start + k;
                    DecodedImage image = source.read(i);
                    if (channels == 1 && image.channels() != 1) {
                        throw new DataException(source.location(i), "expected a grey image, found "
                                + image.channels() + " channels");
                    }
                    preprocessor.apply(image, channels, chunk, k * imageBytes);
                    int finished = done.incrementAndGet();
                    if (finished % PROGRESS_STEP == 0) {
                        progress.update(task, finished, source.size());
                    }
                }
                return null;
            }));
        }
        return new ChunkJob(next, n, workers);
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += out.write(buffer, at);
        }
    }

    private void moveIntoPlace(Path temp, Path file) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        // Make the rename durable where the platform allows syncing a directory (Linux, macOS; not Windows).
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort: the file content itself was already forced
        }
    }

    /** Removes temporary files of {@code file} left by crashed or killed preparations (they can be large). */
    private void deleteStaleTemporaries(Path file) {
        String prefix = file.getFileName() + TEMP_INFIX;
        Instant staleBefore = Instant.now().minus(STALE_TEMP_AGE);
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                if (p.getFileName().toString().startsWith(prefix)
                        && Files.getLastModifiedTime(p).toInstant().isBefore(staleBefore)) {
                    deleteQuietly(p);
                }
            }
        } catch (IOException | UncheckedIOException ignored) {
            // cleanup is best effort
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover file is harmless: it is revalidated (or overwritten by the rename) next time
        }
    }
}
