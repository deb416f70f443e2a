package org.rftworkbench.core.sharpness;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.checkpoint.ByteBufferTensor;
import org.rftworkbench.core.checkpoint.CheckpointException;
import org.rftworkbench.core.checkpoint.CheckpointTensor;
import org.rftworkbench.core.checkpoint.SafetensorsWriter;
import org.rftworkbench.core.interpolate.EndpointLoader;
import org.rftworkbench.core.interpolate.EndpointWeights;
import org.rftworkbench.core.util.Progress;

/**
 * Average-case noise stored in a safetensors file, so that two implementations with different RNGs can use the same
 * draws (method-notes 3.3a). One tensor per draw, named {@code b<batch>.s<sample>.<parameter name>}, shaped like the
 * parameter; float32 or float16 (read as float32). {@link #open} reads a file, {@link Recorder} writes the draws of
 * another source. Not thread-safe.
 */
public final class NoiseFile implements NoiseSource, AutoCloseable {
    private final EndpointWeights draws;

    private NoiseFile(EndpointWeights draws) {
        this.draws = draws;
    }

    /** Loads every draw of the file into memory on {@code device}. */
    public static NoiseFile open(Path file, Device device) throws RftException {
        return new NoiseFile(EndpointLoader.load(file, name -> true, device, Progress.NONE));
    }

    /** Name of the tensor holding one draw. */
    public static String key(int batch, int sample, String name) {
        return "b" + batch + ".s" + sample + "." + name;
    }

    /** @throws IllegalStateException (one line naming the file) when the file lacks the draw or its shape differs */
    @Override
    public NDArray draw(int batch, int sample, String name, Shape shape, NDManager manager) {
        NDArray stored = draws.tensors().get(key(batch, sample, name));
        if (stored == null || !stored.getShape().equals(shape)) {
            throw new IllegalStateException(draws.source() + ": no noise draw " + key(batch, sample, name) + " "
                    + shape + (stored == null ? "" : " (file has " + stored.getShape() + ")"));
        }
        NDArray copy = stored.duplicate();
        copy.attach(manager);
        return copy;
    }

    @Override
    public String describe() {
        return "file " + draws.source().getFileName() + " (sha256 " + draws.sha256().substring(0, 12) + ")";
    }

    @Override
    public void close() {
        draws.close();
    }

    /** Passes another source's draws through and keeps a float32 copy of each, to {@link #save} them. */
    public static final class Recorder implements NoiseSource {
        private final NoiseSource inner;
        private final List<CheckpointTensor> recorded = new ArrayList<>();

        public Recorder(NoiseSource inner) {
            this.inner = inner;
        }

        @Override
        public void startBatch(int batch) {
            inner.startBatch(batch);
        }

        @Override
        public void endBatch() {
            inner.endBatch();
        }

        @Override
        public NDArray draw(int batch, int sample, String name, Shape shape, NDManager manager) {
            NDArray z = inner.draw(batch, sample, name, shape, manager);
            recorded.add(ByteBufferTensor.ofFloats(key(batch, sample, name), shape.getShape(), z.toFloatArray()));
            return z;
        }

        @Override
        public String describe() {
            return inner.describe();
        }

        /** Writes every draw so far (atomically). */
        public void save(Path file) throws CheckpointException {
            SafetensorsWriter.write(file, recorded, Map.of("content", "average-case sharpness noise z"));
        }
    }
}
