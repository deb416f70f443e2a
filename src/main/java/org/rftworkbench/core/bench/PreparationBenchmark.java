package org.rftworkbench.core.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.rftworkbench.core.data.DataException;
import org.rftworkbench.core.data.DecodedImage;
import org.rftworkbench.core.data.ImageFolderSource;
import org.rftworkbench.core.data.PreprocessConfig;
import org.rftworkbench.core.data.Preprocessor;
import org.rftworkbench.core.data.TensorCache;
import org.rftworkbench.core.util.Progress;

/**
 * Measures the first preparation of an image folder the way a user meets it: {@link TensorCache#prepare} into a
 * fresh cache folder (hashing every file, decoding, resizing, centre-cropping and writing the uint8 tensors), with
 * a given number of decoding threads; plus a one-thread breakdown into decoding and resize + crop. The files are
 * read once before timing so that every round (and a Pillow run on the same files) finds them in the page cache.
 *
 * <p>Not thread-safe; runs on the calling thread (plus the cache's decoding threads).
 */
public final class PreparationBenchmark {
    private PreparationBenchmark() {
    }

    /**
     * @param images              images in the folder
     * @param threads             decoding threads of the timed preparations
     * @param prepareImagesPerSecond median over rounds of images / wall seconds of a whole first preparation
     * @param decodeMsPerImage    one thread: mean milliseconds to read and decode one file
     * @param resizeMsPerImage    one thread: mean milliseconds to resize, crop and lay out one decoded image
     */
    public record Timing(int images, int threads, double prepareImagesPerSecond, double decodeMsPerImage,
            double resizeMsPerImage) {
    }

    /**
     * Times {@code rounds} first preparations of the ImageFolder at {@code root} for a model input of
     * {@code imageSize} pixels (CLIP's bicubic shortest-side resize and centre crop), after one untimed warm-up
     * preparation that also warms the JIT.
     *
     * @throws DataException when the folder or an image cannot be read
     */
    public static Timing run(Path root, int imageSize, int threads, int rounds) throws DataException, IOException {
        PreprocessConfig config = PreprocessConfig.clip(imageSize);
        int images = ImageFolderSource.open(root).size();
        prepareOnce(root, config, threads); // warm-up: JIT and page cache
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r < Math.max(1, rounds); r++) {
            long start = System.nanoTime();
            prepareOnce(root, config, threads);
            rates.add(images / ((System.nanoTime() - start) / 1e9));
        }
        Collections.sort(rates);
        double median = rates.get(rates.size() / 2);

        ImageFolderSource source = ImageFolderSource.open(root);
        Preprocessor preprocessor = new Preprocessor(config);
        long decodeNanos = 0;
        long resizeNanos = 0;
        for (int i = 0; i < source.size(); i++) {
            long t0 = System.nanoTime();
            DecodedImage image = source.read(i);
            long t1 = System.nanoTime();
            preprocessor.apply(image);
            long t2 = System.nanoTime();
            decodeNanos += t1 - t0;
            resizeNanos += t2 - t1;
        }
        return new Timing(images, threads, median, decodeNanos / 1e6 / images, resizeNanos / 1e6 / images);
    }

    private static void prepareOnce(Path root, PreprocessConfig config, int threads)
            throws DataException, IOException {
        Path dir = Files.createTempDirectory("rft-prepare-bench");
        try {
            new TensorCache(dir, threads).prepare(ImageFolderSource.open(root), config, Progress.NONE);
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
