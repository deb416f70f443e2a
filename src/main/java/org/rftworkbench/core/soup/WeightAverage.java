package org.rftworkbench.core.soup;

import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.rftworkbench.core.checkpoint.ByteBufferTensor;
import org.rftworkbench.core.checkpoint.Checkpoint;
import org.rftworkbench.core.checkpoint.CheckpointException;
import org.rftworkbench.core.checkpoint.CheckpointReader;
import org.rftworkbench.core.checkpoint.CheckpointTensor;
import org.rftworkbench.core.checkpoint.SafetensorsWriter;

/**
 * The uniform average of several checkpoints of one architecture (a model soup), tensor by tensor: each output value
 * is the mean of the ingredients' float32 values taken in float64 and rounded once to float32. The ingredients are
 * read through their (memory-mapped) files one tensor at a time, so besides the soup itself only one tensor's
 * float64 accumulator is held, never a copy per ingredient. Stateless and thread-safe.
 */
public final class WeightAverage {
    private WeightAverage() {
    }

    /**
     * Writes the mean of {@code ingredients} to {@code out} (atomically).
     *
     * @param metadata written as the file's {@code __metadata__}
     * @throws CheckpointException one line naming the ingredient whose tensors differ from the first's, or a file
     *                             that cannot be read or written
     */
    public static void write(List<Path> ingredients, Path out, Map<String, String> metadata)
            throws CheckpointException {
        if (ingredients.isEmpty()) {
            throw new IllegalArgumentException("a soup needs at least one ingredient");
        }
        List<Checkpoint> open = new ArrayList<>();
        try {
            for (Path p : ingredients) {
                open.add(CheckpointReader.open(p));
            }
            List<CheckpointTensor> first = open.get(0).tensors();
            List<Map<String, CheckpointTensor>> byName = new ArrayList<>();
            for (int i = 0; i < open.size(); i++) {
                Map<String, CheckpointTensor> m = new java.util.LinkedHashMap<>();
                open.get(i).tensors().forEach(t -> m.put(t.name(), t));
                requireSameTensors(ingredients.get(0), first, ingredients.get(i), m);
                byName.add(m);
            }
            List<CheckpointTensor> soup = new ArrayList<>();
            for (CheckpointTensor t : first) {
                int n = Math.toIntExact(t.numel());
                double[] sum = new double[n];
                float[] values = new float[n];
                for (Map<String, CheckpointTensor> m : byName) {
                    floats(m.get(t.name())).get(values);
                    for (int k = 0; k < n; k++) {
                        sum[k] += values[k];
                    }
                }
                ByteBuffer bytes = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
                FloatBuffer fb = bytes.asFloatBuffer();
                for (int k = 0; k < n; k++) {
                    fb.put((float) (sum[k] / byName.size()));
                }
                soup.add(ByteBufferTensor.of(t.name(), DataType.FLOAT32, t.shape(), bytes));
            }
            SafetensorsWriter.write(out, soup, metadata);
        } finally {
            for (Checkpoint c : open) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing a read-only mapping cannot lose data
                }
            }
        }
    }

    private static FloatBuffer floats(CheckpointTensor t) {
        return t.bytes().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    }

    private static void requireSameTensors(Path reference, List<CheckpointTensor> expected, Path file,
            Map<String, CheckpointTensor> actual) throws CheckpointException {
        if (actual.size() != expected.size()) {
            throw new CheckpointException(file, actual.size() + " tensors, but " + reference + " has "
                    + expected.size() + "; soup ingredients must share one architecture");
        }
        for (CheckpointTensor t : expected) {
            CheckpointTensor other = actual.get(t.name());
            if (other == null) {
                throw new CheckpointException(file, "no tensor '" + t.name() + "' (it is in " + reference + ")");
            }
            if (!Arrays.equals(other.shape(), t.shape())) {
                throw new CheckpointException(file, "tensor '" + t.name() + "' has shape "
                        + Arrays.toString(other.shape()) + ", not " + Arrays.toString(t.shape()));
            }
            if (other.dataType() != DataType.FLOAT32 || t.dataType() != DataType.FLOAT32) {
                throw new CheckpointException(file, "tensor '" + t.name() + "' is " + other.dataType()
                        + "; soups are made from float32 checkpoints");
            }
        }
    }
}
