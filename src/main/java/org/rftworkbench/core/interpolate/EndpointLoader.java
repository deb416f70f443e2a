package org.rftworkbench.core.interpolate;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.checkpoint.Checkpoint;
import org.rftworkbench.core.checkpoint.CheckpointLayouts;
import org.rftworkbench.core.checkpoint.CheckpointReader;
import org.rftworkbench.core.checkpoint.NameMap;
import org.rftworkbench.core.checkpoint.CheckpointTensor;
import org.rftworkbench.core.engine.Engines;
import org.rftworkbench.core.util.Hashing;
import org.rftworkbench.core.util.Progress;

/**
 * Loads a checkpoint's tensors into native memory as interpolation endpoint. Floating tensors become float32
 * (interpolation is always computed in float32); integer tensors keep their type. The file is memory-mapped by the
 * reader and each tensor is copied once into memory owned by libtorch, so the mapping can be closed right after.
 * Stateless and thread-safe.
 */
public final class EndpointLoader {
    private EndpointLoader() {
    }

    /**
     * @param keep     which tensors belong to the model (others, e.g. a CLIP text tower, are skipped with a note)
     * @param device   where the tensors live
     */
    public static EndpointWeights load(Path file, Predicate<String> keep, Device device, Progress progress)
            throws RftException {
        return load(file, null, keep, device, progress);
    }

    /**
     * As {@link #load(Path, Predicate, Device, Progress)}, with the classification head taken from a separate file
     * ({@code classification_head.*} of {@code head}, any layout) when {@code head} is not null. The endpoint's
     * SHA-256 then covers both files.
     */
    public static EndpointWeights load(Path file, Path head, Predicate<String> keep, Device device,
            Progress progress) throws RftException {
        return load(file, head, null, keep, device, progress);
    }

    /**
     * As {@link #load(Path, Path, Predicate, Device, Progress)}, with {@code nameMap} (may be null) renaming the
     * checkpoint's tensors before its layout is recognised; the endpoint's SHA-256 then covers the rules too.
     */
    public static EndpointWeights load(Path file, Path head, NameMap nameMap, Predicate<String> keep, Device device,
            Progress progress) throws RftException {
        String sha = sha(file);
        if (nameMap != null && !nameMap.isEmpty()) {
            sha = Hashing.sha256Hex("rft-endpoint-with-name-map", sha, nameMap.describe());
        }
        if (head != null) {
            sha = Hashing.sha256Hex("rft-endpoint-with-head", sha, sha(head));
        }
        Engines.pytorch();
        NDManager manager = NDManager.newBaseManager(device);
        try {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            List<String> nonFinite = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            read(file, nameMap, keep, manager, tensors, nonFinite, notes, progress,
                    "checkpoint has no tensors for this model");
            if (head != null) {
                if (tensors.keySet().stream().anyMatch(n -> n.startsWith(HEAD_PREFIX))) {
                    throw new RftException(RftException.at(file, "already holds a classification head; remove the"
                            + " endpoint's separate head file " + head + " or use a checkpoint without one"));
                }
                Map<String, NDArray> headTensors = new LinkedHashMap<>();
                read(head, null, n -> n.startsWith(HEAD_PREFIX), manager, headTensors, nonFinite, new ArrayList<>(),
                        progress, "head file has no classification_head.* tensors");
                tensors.putAll(headTensors);
                notes.add("classification head from " + head.getFileName());
            }
            return new EndpointWeights(file, sha, tensors, nonFinite, notes, manager);
        } catch (RftException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static final String HEAD_PREFIX = "classification_head.";

    private static String sha(Path file) throws RftException {
        if (!Files.isRegularFile(file)) {
            throw new RftException(RftException.at(file, "checkpoint not found"));
        }
        try {
            List<Path> files = CheckpointReader.filesOf(file);
            if (files.size() == 1) {
                return Hashing.sha256(file);
            }
            List<String> parts = new ArrayList<>(List.of("rft-sharded-checkpoint"));
            for (Path f : files) {
                parts.add(Hashing.sha256(f));
            }
            return Hashing.sha256Hex(parts.toArray(String[]::new));
        } catch (IOException e) {
            throw new RftException(RftException.at(file, "cannot read checkpoint: " + e.getMessage()), e);
        }
    }

    private static void read(Path file, NameMap nameMap, Predicate<String> keep, NDManager manager, Map<String, NDArray> tensors,
            List<String> nonFinite, List<String> notes, Progress progress, String whenEmpty) throws RftException {
        try (Checkpoint checkpoint = CheckpointLayouts.open(file, nameMap)) {
            notes.addAll(checkpoint.metadata().entrySet().stream()
                    .filter(e -> e.getKey().startsWith("note")).map(Map.Entry::getValue).toList());
            int skipped = 0;
            int done = 0;
            List<CheckpointTensor> all = checkpoint.tensors();
            for (CheckpointTensor t : all) {
                progress.update("load " + file.getFileName(), ++done, all.size());
                if (!keep.test(t.name())) {
                    skipped++;
                    continue;
                }
                NDArray owned = toOwnedArray(manager, t);
                owned.setName(t.name());
                if (owned.getDataType().isFloating() && !allFinite(owned)) {
                    nonFinite.add(t.name());
                }
                tensors.put(t.name(), owned);
            }
            if (skipped > 0) {
                notes.add("ignored " + skipped + " tensors that are not part of the model (e.g. the text tower)");
            }
            if (tensors.isEmpty()) {
                throw new RftException(RftException.at(file, whenEmpty));
            }
        }
    }

    private static NDArray toOwnedArray(NDManager manager, CheckpointTensor t) {
        DataType type = t.dataType();
        if (type == DataType.BFLOAT16) {
            // libtorch through DJL aborts the JVM on a bfloat16 array made from a buffer: widen here (exact: a
            // bfloat16 is the upper half of a float32)
            return manager.create(bfloat16ToFloat32(t.bytes()), new Shape(t.shape()), DataType.FLOAT32);
        }
        try (NDArray view = manager.create(t.bytes(), new Shape(t.shape()), type)) {
            // The view may wrap the file mapping (from_blob). A dtype conversion allocates new memory; for a tensor
            // that is already float32 (or integral), toType would return an alias, so clone it explicitly.
            boolean convert = type.isFloating() && type != DataType.FLOAT32;
            return convert ? view.toType(DataType.FLOAT32, false) : view.duplicate();
        }
    }

    static ByteBuffer bfloat16ToFloat32(ByteBuffer in) {
        ByteBuffer src = in.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocateDirect(src.remaining() * 2).order(ByteOrder.nativeOrder());
        while (src.remaining() >= 2) {
            out.putInt((src.getShort() & 0xffff) << 16);
        }
        return out.flip();
    }

    private static boolean allFinite(NDArray x) {
        try (NDArray nan = x.isNaN(); NDArray inf = x.isInfinite(); NDArray bad = nan.logicalOr(inf);
                NDArray any = bad.any()) {
            return !any.getBoolean();
        }
    }
}
