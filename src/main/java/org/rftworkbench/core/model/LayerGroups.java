package org.rftworkbench.core.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Block-level grouping of parameter names, in network order: for open_clip names the groups are patch embedding,
 * embeddings, ln_pre, each resblock, ln_post+proj and the head; other names (TorchScript models) are grouped by their
 * name prefix up to and including the first numeric index ({@code blocks.3.attn.qkv.weight} -> {@code blocks.3}),
 * else by their first component. Stateless and thread-safe.
 */
public final class LayerGroups {
    private static final Pattern RESBLOCK = Pattern.compile("^(visual\\.transformer\\.resblocks\\.\\d+)\\..*");
    private static final Pattern INDEXED = Pattern.compile("^((?:[^.]+\\.)*?\\d+)\\..*");

    private LayerGroups() {
    }

    /** The block a tensor belongs to, e.g. "resblock 3", "patch embedding", "head". */
    public static String blockOf(String name) {
        Matcher m = RESBLOCK.matcher(name);
        if (m.matches()) {
            return "resblock " + m.group(1).substring(m.group(1).lastIndexOf('.') + 1);
        }
        if (name.startsWith("visual.conv1.")) {
            return "patch embedding";
        }
        if (name.equals("visual.class_embedding") || name.equals("visual.positional_embedding")) {
            return "embeddings";
        }
        if (name.startsWith("visual.ln_pre.")) {
            return "ln_pre";
        }
        if (name.startsWith("visual.ln_post.") || name.equals("visual.proj")) {
            return "ln_post+proj";
        }
        if (name.startsWith("classification_head.")) {
            return "head";
        }
        Matcher idx = INDEXED.matcher(name);
        if (idx.matches()) {
            return idx.group(1);
        }
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /** Groups names by block, keeping the order in which each block first appears. */
    public static Map<String, List<String>> byBlock(Iterable<String> names) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (String n : names) {
            groups.computeIfAbsent(blockOf(n), k -> new ArrayList<>()).add(n);
        }
        return groups;
    }
}
