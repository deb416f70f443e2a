package org.rftworkbench.core.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.rftworkbench.core.data.DecodedImage;
import org.rftworkbench.core.data.ImageSource;

/**
 * Deterministic random RGB images for throughput benchmarks of models whose real data is not on this machine
 * (e.g. ViT-B/32 at 224 px). Accuracy on these images is meaningless; only the cost is measured. Thread-safe.
 */
public final class SyntheticImageSource implements ImageSource {
    private final int count;
    private final int size;
    private final List<String> classes;

    public SyntheticImageSource(int count, int size, int classes) {
        this.count = count;
        this.size = size;
        this.classes = IntStream.range(0, classes).mapToObj(i -> "class" + i).toList();
    }

    @Override
    public String name() {
        return "synthetic-" + count + "x" + size;
    }

    @Override
    public List<String> classNames() {
        return classes;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public int label(int i) {
        return i % classes.size();
    }

    @Override
    public DecodedImage read(int i) {
        byte[] pixels = new byte[size * size * 3];
        SplittableRandom random = new SplittableRandom(i);
        for (int k = 0; k < pixels.length; k++) {
            pixels[k] = (byte) random.nextInt(256);
        }
        return new DecodedImage(size, size, 3, pixels);
    }

    @Override
    public String location(int i) {
        return name() + "#" + i;
    }

    @Override
    public String contentFingerprint() {
        return name() + "-" + classes.size() + "-v1";
    }
}
