package org.rftworkbench.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * How the class folders of an {@link ImageFolderSource} become labels. Four layouts:
 * <ul>
 *   <li>{@link #byName()}: torchvision's ImageFolder, a folder is named after its class (the default);</li>
 *   <li>{@link #byHeadIndex}: ImageNetV2, folder {@code k} holds head class k;</li>
 *   <li>{@link #labelMap}: an explicit map folder -> one head class (name or index), several folders may share a
 *       head class, folders not in the map are skipped;</li>
 *   <li>{@link #objectNet}: wise-ft's ObjectNet protocol, folder -> one or more head classes; the mapped folders,
 *       sorted, are the dataset classes; the logit of a folder class is the max over its head classes
 *       ({@link ClassMapping#maxOver}); images lose a 2-pixel border before preprocessing.</li>
 * </ul>
 * With byHeadIndex and labelMap the dataset classes are the head classes the folders use, in head order, named as
 * in the head, so evaluation restricts the logits to them exactly as for folders named after a subset of the head.
 *
 * <p>Immutable and thread-safe.
 */
public final class FolderLabeling {
    /** ObjectNet's border crop in pixels per side (wise-ft: {@code img.crop((2, 2, w - 2, h - 2))}). */
    public static final int OBJECTNET_BORDER = 2;

    private enum Kind { NAME, HEAD_INDEX, LABEL_MAP, OBJECTNET }

    private final Kind kind;
    private final List<String> headClasses;
    /** folder -> head indices (one for LABEL_MAP, one or more for OBJECTNET), sorted by folder; null otherwise */
    private final TreeMap<String, int[]> map;

    private FolderLabeling(Kind kind, List<String> headClasses, TreeMap<String, int[]> map) {
        this.kind = kind;
        this.headClasses = headClasses == null ? null : List.copyOf(headClasses);
        this.map = map;
    }

    /** Classes are the folder names, sorted (torchvision ImageFolder). */
    public static FolderLabeling byName() {
        return new FolderLabeling(Kind.NAME, null, null);
    }

    /** ImageNetV2: every folder is named by a head class index {@code 0..headClasses.size()-1}. */
    public static FolderLabeling byHeadIndex(List<String> headClasses) {
        return new FolderLabeling(Kind.HEAD_INDEX, headClasses, null);
    }

    /**
     * An explicit map from folder names to one head class each: a head class name or a decimal index.
     *
     * @param where names the map (its file, or the project) in error messages
     * @throws DataException if a value is neither a head class name nor an index in range, or lists several classes
     */
    public static FolderLabeling labelMap(Map<String, List<String>> folderToHead, List<String> headClasses,
            String where) throws DataException {
        TreeMap<String, int[]> resolved = resolve(folderToHead, headClasses, where);
        for (Map.Entry<String, int[]> e : resolved.entrySet()) {
            if (e.getValue().length != 1) {
                throw new DataException(where, "folder '" + e.getKey() + "' maps to " + e.getValue().length
                        + " head classes; a labelMap maps each folder to one (several only with protocol objectnet)");
            }
        }
        return new FolderLabeling(Kind.LABEL_MAP, headClasses, resolved);
    }

    /**
     * wise-ft's ObjectNet protocol: each mapped folder is a class (sorted by name), scored by the max logit over its
     * head classes.
     *
     * @throws DataException if a value names no head class or a folder maps to none
     */
    public static FolderLabeling objectNet(Map<String, List<String>> folderToHeads, List<String> headClasses,
            String where) throws DataException {
        return new FolderLabeling(Kind.OBJECTNET, headClasses, resolve(folderToHeads, headClasses, where));
    }

    private static TreeMap<String, int[]> resolve(Map<String, List<String>> raw, List<String> headClasses,
            String where) throws DataException {
        if (raw.isEmpty()) {
            throw new DataException(where, "the label map is empty");
        }
        Map<String, Integer> byName = new HashMap<>();
        for (int h = headClasses.size() - 1; h >= 0; h--) {
            byName.put(headClasses.get(h), h);
        }
        TreeMap<String, int[]> out = new TreeMap<>();
        for (Map.Entry<String, List<String>> e : raw.entrySet()) {
            if (e.getValue().isEmpty()) {
                throw new DataException(where, "folder '" + e.getKey() + "' maps to no head class");
            }
            int[] heads = new int[e.getValue().size()];
            for (int i = 0; i < heads.length; i++) {
                heads[i] = headIndex(e.getValue().get(i), byName, headClasses.size(), where, e.getKey());
            }
            out.put(e.getKey(), heads);
        }
        return out;
    }

    private static int headIndex(String value, Map<String, Integer> byName, int headCount, String where,
            String folder) throws DataException {
        Integer h = byName.get(value);
        if (h != null) {
            return h;
        }
        Integer index = parseIndex(value);
        if (index != null) {
            if (index >= headCount) {
                throw new DataException(where, "folder '" + folder + "' maps to head class index " + index
                        + ", but the head has " + headCount + " classes");
            }
            return index;
        }
        throw new DataException(where, "folder '" + folder + "' maps to '" + value
                + "', which is neither a head class name nor a class index");
    }

    /** A plain decimal non-negative integer, or null. */
    static Integer parseIndex(String s) {
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return Integer.parseInt(s);
    }

    /** Pixels cropped from every side of each image before preprocessing (0 or {@link #OBJECTNET_BORDER}). */
    public int borderCrop() {
        return kind == Kind.OBJECTNET ? OBJECTNET_BORDER : 0;
    }

    public boolean isDefault() {
        return kind == Kind.NAME;
    }

    /**
     * For each dataset class, its head classes when logits are projected by max (ObjectNet), else null. Index
     * order is {@link Resolved#classNames()}.
     */
    public int[][] headGroups() {
        return kind == Kind.OBJECTNET ? map.values().stream().map(int[]::clone).toArray(int[][]::new) : null;
    }

    /** Everything that decides labels, class names and pixels, for content fingerprints. */
    public String canonical() {
        StringBuilder sb = new StringBuilder(kind.name());
        if (headClasses != null) {
            sb.append(";head=").append(headClasses.size()).append(':').append(String.join("\u0000", headClasses));
        }
        if (map != null) {
            map.forEach((folder, heads) -> sb.append(";").append(folder).append("=").append(Arrays.toString(heads)));
        }
        return sb.append(";crop=").append(borderCrop()).toString();
    }

    /**
     * Labels for the class folders found on disk.
     *
     * @param folders folder names, sorted by name
     * @param where   the dataset root, for messages
     */
    Resolved resolve(List<String> folders, String where) throws DataException {
        int[] label = new int[folders.size()];
        List<String> skipped = new ArrayList<>();
        switch (kind) {
            case NAME -> {
                for (int i = 0; i < label.length; i++) {
                    label[i] = i;
                }
                return new Resolved(folders, label, List.of(), List.of());
            }
            case OBJECTNET -> {
                List<String> classes = new ArrayList<>(map.keySet());
                Map<String, Integer> index = new HashMap<>();
                for (int k = 0; k < classes.size(); k++) {
                    index.put(classes.get(k), k);
                }
                for (int i = 0; i < label.length; i++) {
                    label[i] = index.getOrDefault(folders.get(i), -1);
                    if (label[i] < 0) {
                        skipped.add(folders.get(i));
                    }
                }
                return new Resolved(classes, label, skipped, missing(folders));
            }
            default -> {
                // HEAD_INDEX and LABEL_MAP: dataset classes = the head classes used, in head order
                int[] head = new int[folders.size()];
                TreeSet<Integer> used = new TreeSet<>();
                for (int i = 0; i < head.length; i++) {
                    String folder = folders.get(i);
                    if (kind == Kind.HEAD_INDEX) {
                        Integer h = parseIndex(folder);
                        if (h == null || h >= headClasses.size()) {
                            throw new DataException(where, "folder '" + folder + "' is not a head class index 0.."
                                    + (headClasses.size() - 1) + " (folderLabels: index)");
                        }
                        head[i] = h;
                    } else {
                        int[] heads = map.get(folder);
                        head[i] = heads == null ? -1 : heads[0];
                    }
                    if (head[i] < 0) {
                        skipped.add(folder);
                    } else {
                        used.add(head[i]);
                    }
                }
                List<Integer> order = new ArrayList<>(used);
                for (int i = 0; i < head.length; i++) {
                    label[i] = head[i] < 0 ? -1 : order.indexOf(head[i]);
                }
                List<String> classes = order.stream().map(headClasses::get).collect(Collectors.toList());
                return new Resolved(classes, label, skipped,
                        kind == Kind.LABEL_MAP ? missing(folders) : List.of());
            }
        }
    }

    private List<String> missing(List<String> folders) {
        List<String> missing = new ArrayList<>(map.keySet());
        missing.removeAll(new TreeSet<>(folders));
        return missing;
    }

    /**
     * The labels of the folders on disk.
     *
     * @param classNames     the dataset classes
     * @param labelOfFolder  per folder (same order as given), its label or -1 when skipped
     * @param skippedFolders folders on disk that the map does not mention
     * @param missingFolders mapped folders not on disk
     */
    record Resolved(List<String> classNames, int[] labelOfFolder, List<String> skippedFolders,
            List<String> missingFolders) {
    }
}
