package org.rftworkbench.core.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a checkpoint holds, without the tensor values: format, tensor count, total number of parameters (elements),
 * how many tensors of each dtype, the metadata, and each tensor's name, shape and dtype in file order. Dtype names are
 * DJL's ({@code float32}, {@code float16}, {@code bfloat16}, {@code int64}, ...). Immutable.
 *
 * @param file the checkpoint path as given
 * @param dtypeCounts number of tensors per dtype name, sorted by name
 * @param layout the naming layout recognised ({@link CheckpointLayouts}) and what mapping it to open_clip's names
 *     does, or why it cannot be mapped
 */
public record CheckpointSummary(String file, CheckpointFormat format, int tensorCount, long totalParameters,
        Map<String, Integer> dtypeCounts, Map<String, String> metadata, List<TensorInfo> tensors, String layout) {

    /** One tensor's name, shape (empty for a 0-dim tensor) and dtype name. */
    public record TensorInfo(String name, List<Long> shape, String dtype) {
        public TensorInfo {
            shape = List.copyOf(shape);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public CheckpointSummary {
        dtypeCounts = Collections.unmodifiableMap(new TreeMap<>(dtypeCounts));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        tensors = List.copyOf(tensors);
    }

    /** Summarises an open checkpoint (reads shapes and dtypes only). */
    public static CheckpointSummary of(Checkpoint checkpoint) {
        Map<String, Integer> counts = new TreeMap<>();
        List<TensorInfo> infos = new ArrayList<>();
        long total = 0;
        for (CheckpointTensor t : checkpoint.tensors()) {
            String dtype = t.dataType().toString();
            counts.merge(dtype, 1, Integer::sum);
            List<Long> shape = new ArrayList<>();
            for (long d : t.shape()) {
                shape.add(d);
            }
            infos.add(new TensorInfo(t.name(), shape, dtype));
            total += t.numel();
        }
        return new CheckpointSummary(checkpoint.path().toString(), checkpoint.format(), infos.size(), total, counts,
                checkpoint.metadata(), infos, layout(checkpoint));
    }

    /** The layout line for the tensors as the file names them (the mapped view is not closed: it shares them). */
    private static String layout(Checkpoint raw) {
        CheckpointLayouts.Layout layout = CheckpointLayouts.recognise(
                raw.tensors().stream().map(CheckpointTensor::name).toList());
        if (layout == CheckpointLayouts.Layout.OPEN_CLIP) {
            return layout.label() + " (names used as they are)";
        }
        try {
            String note = CheckpointLayouts.map(raw).metadata().get("note.layout");
            return layout.label() + ": " + note.substring(note.indexOf(" layout: ") + " layout: ".length());
        } catch (CheckpointException e) {
            String message = e.getMessage();
            String problem = message.startsWith(raw.path() + ": ") ? message.substring(raw.path().toString().length()
                    + 2) : message;
            return layout.label() + ", cannot be mapped: " + problem;
        }
    }

    /** Pretty-printed JSON with the record's field names. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("summary is always serialisable", e);
        }
    }

    /** A plain-text report: a few header lines, then one aligned row per tensor. */
    public String toTable() {
        StringBuilder out = new StringBuilder();
        String nl = System.lineSeparator();
        out.append("File:        ").append(file).append(nl);
        out.append("Format:      ").append(format).append(nl);
        out.append("Tensors:     ").append(tensorCount).append(nl);
        out.append("Parameters:  ").append(String.format("%,d", totalParameters)).append(nl);
        List<String> mix = new ArrayList<>();
        dtypeCounts.forEach((dtype, n) -> mix.add(dtype + " x" + n));
        out.append("Dtypes:      ").append(mix.isEmpty() ? "-" : String.join(", ", mix)).append(nl);
        out.append("Layout:      ").append(layout).append(nl);
        metadata.forEach((k, v) -> out.append("Metadata:    ").append(k).append(" = ").append(v).append(nl));
        int nameWidth = "NAME".length();
        int shapeWidth = "SHAPE".length();
        List<String> shapes = new ArrayList<>();
        for (TensorInfo t : tensors) {
            String shape = t.shape().toString();
            shapes.add(shape);
            nameWidth = Math.max(nameWidth, t.name().length());
            shapeWidth = Math.max(shapeWidth, shape.length());
        }
        String row = "%-" + nameWidth + "s  %-" + shapeWidth + "s  %s" + nl;
        out.append(nl).append(String.format(row, "NAME", "SHAPE", "DTYPE"));
        for (int i = 0; i < tensors.size(); i++) {
            TensorInfo t = tensors.get(i);
            out.append(String.format(row, t.name(), shapes.get(i), t.dtype()));
        }
        return out.toString();
    }
}
