package org.rftworkbench.core.checkpoint;

import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the naming layout of a CLIP classifier checkpoint from its tensor names and maps it onto open_clip's
 * names, so that one model implementation serves every layout:
 * <ul>
 *   <li>{@link Layout#OPEN_CLIP}: {@code visual.*} (and anything not recognised below): returned unchanged;</li>
 *   <li>{@link Layout#HUGGING_FACE}: transformers' {@code CLIPModel} / {@code CLIPVisionModelWithProjection}
 *       ({@code vision_model.*}, {@code visual_projection.weight}): q/k/v projections concatenated (q, k, v) into
 *       {@code attn.in_proj_weight}/{@code in_proj_bias}, the projection transposed into {@code visual.proj},
 *       {@code pre_layrnorm}/{@code post_layernorm} to {@code ln_pre}/{@code ln_post}; {@code position_ids} buffers
 *       and the text tower ({@code text_model.*}, {@code text_projection.weight}, {@code logit_scale}) dropped with a
 *       note; {@code classification_head.*} kept;</li>
 *   <li>{@link Layout#MODEL_SOUPS}: model-soups' {@code ModelWrapper} state dict ({@code model.visual.*} beside an
 *       unprefixed {@code classification_head.*}): {@code model.visual.} becomes {@code visual.}, the other
 *       {@code model.*} text leftovers are dropped with a note.</li>
 * </ul>
 * Tensor bytes keep their dtype (fp16/bf16 become float32 only when an endpoint loads); a merged or transposed tensor
 * is assembled on first use of {@link CheckpointTensor#bytes()}, so header-only checks copy nothing. The mapped
 * checkpoint's metadata adds {@link #LAYOUT_KEY}, {@link #MAPPED_KEY} and, for a non-open_clip layout, a
 * {@code note.layout} line. Stateless and thread-safe.
 */
public final class CheckpointLayouts {
    /** Metadata key holding the {@link Layout#label()} of the recognised layout. */
    public static final String LAYOUT_KEY = "rft.layout";
    /** Metadata key holding how many open_clip tensors were produced by renaming, merging or transposing. */
    public static final String MAPPED_KEY = "rft.layout.mapped";
    private static final String HF = "vision_model.";
    private static final String HF_PROJ = "visual_projection.weight";
    private static final String SOUPS = "model.visual.";
    private static final Pattern HF_LAYER = Pattern.compile("vision_model\\.encoder\\.layers\\.(\\d+)\\.(.+)");
    private static final int MAX_LISTED = 6;

    /** A recognised naming layout. */
    public enum Layout {
        OPEN_CLIP("open_clip"), HUGGING_FACE("Hugging Face CLIP (transformers)"), MODEL_SOUPS("model-soups");

        private final String label;

        Layout(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private CheckpointLayouts() {
    }

    /** {@link CheckpointReader#open} followed by {@link #map}. */
    public static Checkpoint open(Path file) throws CheckpointException {
        return open(file, null);
    }

    /** {@link CheckpointReader#open}, then the {@code nameMap} rules (may be null), then {@link #map}. */
    public static Checkpoint open(Path file, NameMap nameMap) throws CheckpointException {
        Checkpoint raw = CheckpointReader.open(file);
        try {
            return map(nameMap == null ? raw : nameMap.apply(raw));
        } catch (CheckpointException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Which layout the tensor names follow. */
    public static Layout recognise(List<String> names) {
        boolean openClip = names.stream().anyMatch(n -> n.startsWith("visual."));
        if (!openClip && names.stream().anyMatch(n -> n.startsWith(HF) || n.equals(HF_PROJ))) {
            return Layout.HUGGING_FACE;
        }
        if (!openClip && names.stream().anyMatch(n -> n.startsWith(SOUPS))) {
            return Layout.MODEL_SOUPS;
        }
        return Layout.OPEN_CLIP;
    }

    /**
     * The checkpoint with open_clip names ({@code raw} itself for the open_clip layout; otherwise a view that closes
     * {@code raw} when closed).
     *
     * @throws CheckpointException a Hugging Face layout that is incomplete or holds unknown vision tensors; the
     *     one-line message names the file and lists what is missing
     */
    public static Checkpoint map(Checkpoint raw) throws CheckpointException {
        List<String> names = raw.tensors().stream().map(CheckpointTensor::name).toList();
        Layout layout = recognise(names);
        return switch (layout) {
            case OPEN_CLIP -> raw;
            case HUGGING_FACE -> mapHuggingFace(raw);
            case MODEL_SOUPS -> mapSoups(raw);
        };
    }

    private static Checkpoint mapSoups(Checkpoint raw) {
        List<CheckpointTensor> out = new ArrayList<>();
        int mapped = 0;
        int text = 0;
        for (CheckpointTensor t : raw.tensors()) {
            if (t.name().startsWith(SOUPS)) {
                out.add(new Renamed("visual." + t.name().substring(SOUPS.length()), t));
                mapped++;
            } else if (t.name().startsWith("model.")) {
                text++;
            } else {
                out.add(t);
            }
        }
        String skipped = text == 0 ? "" : "; skipped " + text + " text-tower tensors (model.* outside model.visual.)";
        return new Mapped(raw, Layout.MODEL_SOUPS, out, mapped, skipped);
    }

    private static Checkpoint mapHuggingFace(Checkpoint raw) throws CheckpointException {
        Map<String, CheckpointTensor> hf = new LinkedHashMap<>();
        List<CheckpointTensor> others = new ArrayList<>();
        int text = 0;
        int buffers = 0;
        TreeSet<Integer> layers = new TreeSet<>();
        for (CheckpointTensor t : raw.tensors()) {
            String n = t.name();
            if (n.endsWith(".position_ids")) {
                buffers++;
            } else if (n.startsWith("text_model.") || n.equals("text_projection.weight") || n.equals("logit_scale")) {
                text++;
            } else if (n.startsWith(HF) || n.equals(HF_PROJ)) {
                hf.put(n, t);
                Matcher m = HF_LAYER.matcher(n);
                if (m.matches()) {
                    layers.add(Integer.parseInt(m.group(1)));
                }
            } else {
                others.add(t);
            }
        }
        List<String> missing = new ArrayList<>();
        List<CheckpointTensor> out = new ArrayList<>();
        Map<String, CheckpointTensor> used = new LinkedHashMap<>();
        rename(hf, used, missing, out, "vision_model.embeddings.class_embedding", "visual.class_embedding");
        rename(hf, used, missing, out, "vision_model.embeddings.position_embedding.weight",
                "visual.positional_embedding");
        CheckpointTensor proj = take(hf, used, missing, HF_PROJ);
        if (proj != null) {
            out.add(new Transposed("visual.proj", proj));
        }
        rename(hf, used, missing, out, "vision_model.embeddings.patch_embedding.weight", "visual.conv1.weight");
        rename(hf, used, missing, out, "vision_model.pre_layrnorm.weight", "visual.ln_pre.weight");
        rename(hf, used, missing, out, "vision_model.pre_layrnorm.bias", "visual.ln_pre.bias");
        int layerCount = layers.isEmpty() ? 0 : layers.last() + 1;
        for (int i = 0; i < layerCount; i++) {
            String h = "vision_model.encoder.layers." + i + ".";
            String o = "visual.transformer.resblocks." + i + ".";
            rename(hf, used, missing, out, h + "layer_norm1.weight", o + "ln_1.weight");
            rename(hf, used, missing, out, h + "layer_norm1.bias", o + "ln_1.bias");
            for (String kind : new String[] {"weight", "bias"}) {
                List<CheckpointTensor> qkv = new ArrayList<>();
                for (String p : new String[] {"q_proj", "k_proj", "v_proj"}) {
                    CheckpointTensor t = take(hf, used, missing, h + "self_attn." + p + "." + kind);
                    if (t != null) {
                        qkv.add(t);
                    }
                }
                if (qkv.size() == 3) {
                    out.add(concat(raw.path(), o + "attn.in_proj_" + kind, qkv));
                }
            }
            rename(hf, used, missing, out, h + "self_attn.out_proj.weight", o + "attn.out_proj.weight");
            rename(hf, used, missing, out, h + "self_attn.out_proj.bias", o + "attn.out_proj.bias");
            rename(hf, used, missing, out, h + "layer_norm2.weight", o + "ln_2.weight");
            rename(hf, used, missing, out, h + "layer_norm2.bias", o + "ln_2.bias");
            rename(hf, used, missing, out, h + "mlp.fc1.weight", o + "mlp.c_fc.weight");
            rename(hf, used, missing, out, h + "mlp.fc1.bias", o + "mlp.c_fc.bias");
            rename(hf, used, missing, out, h + "mlp.fc2.weight", o + "mlp.c_proj.weight");
            rename(hf, used, missing, out, h + "mlp.fc2.bias", o + "mlp.c_proj.bias");
        }
        rename(hf, used, missing, out, "vision_model.post_layernorm.weight", "visual.ln_post.weight");
        rename(hf, used, missing, out, "vision_model.post_layernorm.bias", "visual.ln_post.bias");
        if (!missing.isEmpty()) {
            throw new CheckpointException(raw.path(), "incomplete Hugging Face CLIP layout: missing "
                    + list(missing));
        }
        List<String> unknown = hf.keySet().stream().filter(n -> !used.containsKey(n)).toList();
        if (!unknown.isEmpty()) {
            throw new CheckpointException(raw.path(), "Hugging Face CLIP layout with tensors that have no open_clip"
                    + " name: " + list(unknown));
        }
        int mapped = out.size();
        out.addAll(others);
        StringBuilder skipped = new StringBuilder();
        if (text > 0) {
            skipped.append("; skipped ").append(text)
                    .append(" text-tower tensors (text_model.*, text_projection, logit_scale)");
        }
        if (buffers > 0) {
            skipped.append("; ignored ").append(buffers).append(" position_ids buffer").append(buffers > 1 ? "s" : "");
        }
        return new Mapped(raw, Layout.HUGGING_FACE, out, mapped, skipped.toString());
    }

    private static String list(List<String> names) {
        String head = String.join(", ", names.subList(0, Math.min(MAX_LISTED, names.size())));
        return names.size() > MAX_LISTED ? head + " and " + (names.size() - MAX_LISTED) + " more" : head;
    }

    private static CheckpointTensor take(Map<String, CheckpointTensor> hf, Map<String, CheckpointTensor> used,
            List<String> missing, String name) {
        CheckpointTensor t = hf.get(name);
        if (t == null) {
            missing.add(name);
        } else {
            used.put(name, t);
        }
        return t;
    }

    private static void rename(Map<String, CheckpointTensor> hf, Map<String, CheckpointTensor> used,
            List<String> missing, List<CheckpointTensor> out, String from, String to) {
        CheckpointTensor t = take(hf, used, missing, from);
        if (t != null) {
            out.add(new Renamed(to, t));
        }
    }

    private static CheckpointTensor concat(Path file, String name, List<CheckpointTensor> parts)
            throws CheckpointException {
        CheckpointTensor first = parts.get(0);
        long[] shape = first.shape();
        for (CheckpointTensor p : parts) {
            long[] s = p.shape();
            boolean sameTail = s.length == shape.length && s.length >= 1
                    && java.util.Arrays.equals(s, 1, s.length, shape, 1, shape.length);
            if (p.dataType() != first.dataType() || !sameTail) {
                throw new CheckpointException(file, "cannot merge q/k/v into " + name + ": " + first.name() + " "
                        + java.util.Arrays.toString(shape) + " " + first.dataType() + " vs " + p.name() + " "
                        + java.util.Arrays.toString(s) + " " + p.dataType());
            }
        }
        long[] merged = shape.clone();
        merged[0] = parts.stream().mapToLong(p -> p.shape()[0]).sum();
        return new Concatenated(name, first.dataType(), merged, parts);
    }

    /** A tensor under another name, same bytes. */
    record Renamed(String name, CheckpointTensor source) implements CheckpointTensor {
        @Override
        public DataType dataType() {
            return source.dataType();
        }

        @Override
        public long[] shape() {
            return source.shape();
        }

        @Override
        public ByteBuffer bytes() {
            return source.bytes();
        }
    }

    /** Tensors concatenated along dimension 0 (row-major, so their bytes one after the other). */
    private record Concatenated(String name, DataType dataType, long[] dims, List<CheckpointTensor> parts)
            implements CheckpointTensor {
        @Override
        public long[] shape() {
            return dims.clone();
        }

        @Override
        public ByteBuffer bytes() {
            long total = parts.stream().mapToLong(p -> p.bytes().remaining()).sum();
            ByteBuffer out = ByteBuffer.allocateDirect(Math.toIntExact(total)).order(ByteOrder.LITTLE_ENDIAN);
            for (CheckpointTensor p : parts) {
                out.put(p.bytes());
            }
            out.flip();
            return out.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /** A 2-d tensor transposed ([E, W] -> [W, E]), element bytes moved as they are (any dtype). */
    private record Transposed(String name, CheckpointTensor source) implements CheckpointTensor {
        @Override
        public DataType dataType() {
            return source.dataType();
        }

        @Override
        public long[] shape() {
            long[] s = source.shape();
            return s.length == 2 ? new long[] {s[1], s[0]} : s;
        }

        @Override
        public ByteBuffer bytes() {
            long[] s = source.shape();
            ByteBuffer in = source.bytes();
            if (s.length != 2) {
                return in;
            }
            int rows = Math.toIntExact(s[0]);
            int cols = Math.toIntExact(s[1]);
            int size = source.dataType().getNumOfBytes();
            ByteBuffer out = ByteBuffer.allocateDirect(in.remaining()).order(ByteOrder.LITTLE_ENDIAN);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    int from = (r * cols + c) * size;
                    int to = (c * rows + r) * size;
                    for (int b = 0; b < size; b++) {
                        out.put(to + b, in.get(from + b));
                    }
                }
            }
            return out.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /** The mapped view; closing it closes the file it came from. */
    static final class Mapped implements Checkpoint {
        private final Checkpoint raw;
        private final List<CheckpointTensor> tensors;
        private final Map<String, String> metadata;

        Mapped(Checkpoint raw, Layout layout, List<CheckpointTensor> tensors, int mapped, String skipped) {
            this(raw, tensors, Map.of(LAYOUT_KEY, layout.label(), MAPPED_KEY, Integer.toString(mapped),
                    "note.layout", layout.label() + " layout: " + mapped + " tensors mapped to open_clip names"
                    + skipped));
        }

        Mapped(Checkpoint raw, List<CheckpointTensor> tensors, Map<String, String> extra) {
            this.raw = raw;
            this.tensors = List.copyOf(tensors);
            Map<String, String> m = new LinkedHashMap<>(raw.metadata());
            extra.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> m.put(e.getKey(), e.getValue()));
            this.metadata = java.util.Collections.unmodifiableMap(m);
        }

        @Override
        public Path path() {
            return raw.path();
        }

        @Override
        public CheckpointFormat format() {
            return raw.format();
        }

        @Override
        public List<CheckpointTensor> tensors() {
            raw.tensors(); // throws once closed
            return tensors;
        }

        @Override
        public Map<String, String> metadata() {
            return metadata;
        }

        @Override
        public void close() {
            raw.close();
        }
    }
}
