package org.rftworkbench.core.sharpness;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rftworkbench.core.model.LayerGroups;

/**
 * Partitions parameter names into the "layers" of layer-wise sharpness (method-notes 3.5), in network order:
 * <ul>
 *   <li>{@link Granularity#BLOCK} (default): patch embedding, embeddings, ln_pre, each resblock, ln_post+proj, head
 *       ({@link LayerGroups#blockOf}); TorchScript names group by their prefix up to the first numeric index;</li>
 *   <li>{@link Granularity#SUBMODULE}: each resblock split into attention (ln_1 + attn) and MLP (ln_2 + mlp); other
 *       indexed names split by the component after the index (e.g. {@code blocks.3.attn});</li>
 *   <li>{@link Granularity#TENSOR}: every tensor alone.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class SharpnessGroups {
    /** Name of the pseudo-group holding every perturbable parameter. */
    public static final String OVERALL = "overall";

    private static final Pattern RESBLOCK_PART =
            Pattern.compile("^visual\\.transformer\\.resblocks\\.(\\d+)\\.(ln_1|attn|ln_2|mlp)[.].*");
    private static final Pattern INDEXED_PART = Pattern.compile("^((?:[^.]+\\.)*?\\d+\\.[^.]+)\\.[^.].*");

    /** How finely parameters are grouped. */
    public enum Granularity {
        BLOCK, SUBMODULE, TENSOR;

        /** Parses "block", "submodule" (or "sub-block"), "tensor", case-insensitively. */
        public static Granularity parse(String s) {
            String v = s.trim().toLowerCase(Locale.ROOT).replace("-", "");
            return switch (v) {
                case "block" -> BLOCK;
                case "submodule", "subblock" -> SUBMODULE;
                case "tensor" -> TENSOR;
                default -> throw new IllegalArgumentException("unknown group granularity '" + s
                        + "' (block, submodule, tensor)");
            };
        }
    }

    private SharpnessGroups() {
    }

    /** Groups {@code names}, keeping the order in which each group first appears and the names' order within it. */
    public static Map<String, List<String>> build(Granularity granularity, Collection<String> names) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (String n : names) {
            groups.computeIfAbsent(groupOf(granularity, n), k -> new ArrayList<>()).add(n);
        }
        return groups;
    }

    /** The group a parameter belongs to at the given granularity. */
    public static String groupOf(Granularity granularity, String name) {
        return switch (granularity) {
            case TENSOR -> name;
            case BLOCK -> LayerGroups.blockOf(name);
            case SUBMODULE -> submoduleOf(name);
        };
    }

    private static String submoduleOf(String name) {
        Matcher m = RESBLOCK_PART.matcher(name);
        if (m.matches()) {
            String part = m.group(2).equals("ln_1") || m.group(2).equals("attn") ? "attn" : "mlp";
            return "resblock " + m.group(1) + " " + part;
        }
        if (!name.startsWith("visual.") && !name.startsWith("classification_head.")) {
            Matcher idx = INDEXED_PART.matcher(name);
            if (idx.matches()) {
                return idx.group(1);
            }
        }
        return LayerGroups.blockOf(name);
    }
}
