package org.rftworkbench.core.sample;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rftworkbench.core.checkpoint.ByteBufferTensor;
import org.rftworkbench.core.checkpoint.CheckpointTensor;
import org.rftworkbench.core.model.ModelConfig;
import org.rftworkbench.core.model.OpenClipClassifier;

/**
 * Random float32 weights of an open_clip image tower plus a {@code classification_head.*} (weight and bias), for
 * rehearsing real-scale runs (e.g. ViT-B/32, 88.4M parameters) where no real checkpoint is available. Accuracy with
 * these weights is chance; only sizes, shapes and costs are realistic.
 *
 * <p>Endpoint A: LayerNorm weights 1, biases 0, every other tensor uniform with the standard deviation of a usual
 * initialisation (1/sqrt(fan-in); width^-0.5 for embeddings and the projection). Endpoint B is A plus uniform noise of
 * {@code perturbation} times that standard deviation (0.02 absolute for LayerNorm parameters and biases), from a
 * second stream, so theta(alpha) moves along a real path.
 *
 * <p>Values come from SplitMix64 streams seeded by (seed, endpoint, tensor index), so the bytes of a seed are the
 * same on every JVM and platform. Tensors are generated when their bytes are asked for and not kept, so writing a
 * pair of ViT-B/32 endpoints needs memory for one tensor at a time (at most ~9 MB), not 700 MB. Immutable and
 * thread-safe.
 */
public final class RandomOpenClipWeights {
    private static final float NORM_AND_BIAS_NOISE = 0.02f;
    private static final float SQRT3 = (float) Math.sqrt(3.0);

    private final ModelConfig config;
    private final int classes;
    private final long seed;
    private final float perturbation;
    private final List<Map.Entry<String, Shape>> shapes;

    /**
     * @param config       the architecture (e.g. the built-in {@code ViT-B-32-quickgelu})
     * @param classes      rows of the classification head
     * @param seed         base seed; every byte of both endpoints is a function of it
     * @param perturbation B - A in units of each tensor's standard deviation, e.g. 0.1
     */
    public RandomOpenClipWeights(ModelConfig config, int classes, long seed, float perturbation) {
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be at least 1, got " + classes);
        }
        this.config = config;
        this.classes = classes;
        this.seed = seed;
        this.perturbation = perturbation;
        this.shapes = List.copyOf(OpenClipClassifier.expectedShapes(config, classes, true).entrySet());
    }

    /** Endpoint A (alpha = 0), in the model's parameter order. */
    public List<CheckpointTensor> endpointA() {
        return endpoint(false);
    }

    /** Endpoint B (alpha = 1): A plus the seeded perturbation. */
    public List<CheckpointTensor> endpointB() {
        return endpoint(true);
    }

    /** Number of scalars per endpoint. */
    public long parameterCount() {
        long n = 0;
        for (Map.Entry<String, Shape> e : shapes) {
            n += e.getValue().size();
        }
        return n;
    }

    private List<CheckpointTensor> endpoint(boolean perturbed) {
        List<CheckpointTensor> tensors = new ArrayList<>(shapes.size());
        for (int i = 0; i < shapes.size(); i++) {
            tensors.add(new LazyTensor(shapes.get(i).getKey(), shapes.get(i).getValue().getShape(), i, perturbed));
        }
        return tensors;
    }

    /** How tensor {@code name} of {@code shape} is initialised. */
    private record Init(float mean, float std, float noiseStd) {
    }

    private Init initOf(String name, long[] shape) {
        boolean norm = name.contains(".ln_") || name.contains("ln_pre") || name.contains("ln_post");
        if (norm && name.endsWith(".weight")) {
            return new Init(1f, 0f, NORM_AND_BIAS_NOISE);
        }
        if (name.endsWith("bias")) {
            return new Init(0f, 0f, NORM_AND_BIAS_NOISE);
        }
        float std;
        if (shape.length == 4) {
            std = (float) (1 / Math.sqrt((double) shape[1] * shape[2] * shape[3]));
        } else if (name.equals("visual.proj") || shape.length == 1 || name.endsWith("positional_embedding")) {
            std = (float) (1 / Math.sqrt(config.vision().width()));
        } else {
            std = (float) (1 / Math.sqrt(shape[shape.length - 1]));
        }
        return new Init(0f, std, std);
    }

    /** A tensor whose bytes are computed on every {@link #bytes()} call (deterministically). */
    private final class LazyTensor implements CheckpointTensor {
        private final String name;
        private final long[] shape;
        private final int index;
        private final boolean perturbed;

        LazyTensor(String name, long[] shape, int index, boolean perturbed) {
            this.name = name;
            this.shape = shape;
            this.index = index;
            this.perturbed = perturbed;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public DataType dataType() {
            return DataType.FLOAT32;
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        @Override
        public ByteBuffer bytes() {
            int n = Math.toIntExact(numel());
            ByteBuffer buffer = ByteBuffer.allocate(Math.multiplyExact(n, Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
            FloatBuffer floats = buffer.asFloatBuffer();
            Init init = initOf(name, shape);
            SplitMix64 base = new SplitMix64(streamSeed(0));
            SplitMix64 noise = perturbed ? new SplitMix64(streamSeed(1)) : null;
            for (int k = 0; k < n; k++) {
                float v = init.mean + init.std * SQRT3 * base.nextSymmetric();
                if (noise != null) {
                    v += perturbation * init.noiseStd * SQRT3 * noise.nextSymmetric();
                }
                floats.put(v);
            }
            return ByteBufferTensor.of(name, DataType.FLOAT32, shape, buffer).bytes();
        }

        private long streamSeed(int stream) {
            return seed * 0x9E3779B97F4A7C15L + (index * 2L + stream) * 0xBF58476D1CE4E5B9L;
        }
    }

    /** SplitMix64 (Steele, Lea, Flood 2014): fully specified here, so its output never depends on the JDK. */
    static final class SplitMix64 {
        private long state;

        SplitMix64(long seed) {
            this.state = seed;
        }

        long nextLong() {
            long z = (state += 0x9E3779B97F4A7C15L);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        /** Uniform in [0, 1) with 24 random bits. */
        float nextFloat() {
            return (nextLong() >>> 40) * 0x1.0p-24f;
        }

        /** Uniform in [-1, 1). */
        float nextSymmetric() {
            return 2f * nextFloat() - 1f;
        }
    }
}
