package org.rftworkbench.testutil;

import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rftworkbench.core.checkpoint.ByteBufferTensor;
import org.rftworkbench.core.checkpoint.Checkpoint;
import org.rftworkbench.core.checkpoint.CheckpointReader;
import org.rftworkbench.core.checkpoint.CheckpointTensor;
import org.rftworkbench.core.checkpoint.SafetensorsWriter;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.project.ProjectStore;

/**
 * A pool project (format 3) over the tiny project's files: runs "k0.5", "b" (the tiny B itself), "k1.5", "k2" and
 * "k3", run k being A + k (B - A), so each run moves k times as far from A as B does (its relative weight change is
 * k times B's). Metadata: {"k": k, "kind": "extrapolated" or "original"}.
 */
public final class TinyPool {
    public static final double[] FACTORS = {0.5, 1, 1.5, 2, 3};

    private TinyPool() {
    }

    /** Writes the tiny project (project.json, the single pair) and the pool beside it; returns pool.json. */
    public static Path create(Path dir) throws Exception {
        Path single = TinyProject.create(dir);
        ProjectSpec s = ProjectStore.load(single).spec();
        List<ProjectSpec.Run> runs = new ArrayList<>();
        for (double k : FACTORS) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("k", k);
            metadata.put("kind", k == 1 ? "original" : "extrapolated");
            if (k == 1) {
                runs.add(new ProjectSpec.Run("b", "b.safetensors", metadata));
            } else {
                String label = label(k);
                extrapolate(dir.resolve("a.safetensors"), dir.resolve("b.safetensors"), k,
                        dir.resolve(label + ".safetensors"));
                runs.add(new ProjectSpec.Run(label, label + ".safetensors", metadata));
            }
        }
        ProjectSpec pool = new ProjectSpec(ProjectSpec.FORMAT_VERSION, "tiny-pool", null, s.model(), s.endpointA(),
                runs, null, s.classes(), s.classesFile(), s.preprocess(), s.datasets(), s.alphaGrid(), s.layerAlphas(),
                s.batchSize());
        Path file = dir.resolve("pool.json");
        ProjectStore.save(pool, file);
        return file;
    }

    /** "k0.5", "k1.5", "k2", "k3". */
    public static String label(double k) {
        return k == 1 ? "b" : "k" + (k == Math.rint(k) ? String.valueOf((int) k) : String.format(Locale.ROOT, "%s", k));
    }

    /** A + k (B - A), tensor by tensor, in float32. */
    static void extrapolate(Path a, Path b, double k, Path out) throws Exception {
        List<CheckpointTensor> tensors = new ArrayList<>();
        try (Checkpoint ca = CheckpointReader.open(a); Checkpoint cb = CheckpointReader.open(b)) {
            Map<String, CheckpointTensor> bs = new LinkedHashMap<>();
            cb.tensors().forEach(t -> bs.put(t.name(), t));
            for (CheckpointTensor ta : ca.tensors()) {
                float[] va = floats(ta);
                float[] vb = floats(bs.get(ta.name()));
                float[] v = new float[va.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (va[i] + k * (vb[i] - va[i]));
                }
                ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(v);
                tensors.add(ByteBufferTensor.of(ta.name(), DataType.FLOAT32, ta.shape(), buf));
            }
        }
        SafetensorsWriter.write(out, tensors, Map.of());
    }

    private static float[] floats(CheckpointTensor t) {
        float[] v = new float[(int) t.numel()];
        t.bytes().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
