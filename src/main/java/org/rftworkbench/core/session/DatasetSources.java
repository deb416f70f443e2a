package org.rftworkbench.core.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.data.ClassMapping;
import org.rftworkbench.core.data.DataException;
import org.rftworkbench.core.data.FolderLabeling;
import org.rftworkbench.core.data.IdxImageSource;
import org.rftworkbench.core.data.ImageFolderSource;
import org.rftworkbench.core.data.ImageSource;
import org.rftworkbench.core.data.NpyImageSource;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.util.FileAccessException;
import org.rftworkbench.core.util.PlainMessages;

/**
 * Opens the image source a project's dataset entry describes (reads headers and labels, decodes no image), with
 * every file checked against the project's {@link LoadedProject#access() file-access policy}, and maps its classes
 * onto the head ({@link #mapping}). Stateless.
 */
public final class DatasetSources {
    /** {@code "protocol"} value for wise-ft's ObjectNet evaluation. */
    public static final String OBJECTNET = "objectnet";

    private DatasetSources() {
    }

    /**
     * @param classes the head's classes (or the entry's own list); folder-index and label-map entries resolve
     *                against them
     */
    public static ImageSource open(LoadedProject project, ProjectSpec.DatasetEntry entry, List<String> classes)
            throws RftException {
        if (entry.format() != ProjectSpec.Format.IMAGE_FOLDER
                && (entry.folderLabels() != null || entry.labelMap() != null || entry.protocol() != null)) {
            throw problem(project, entry, "folderLabels, labelMap and protocol apply to format imagefolder only");
        }
        return switch (entry.format()) {
            case IDX -> IdxImageSource.open(entry.name(), project.checked(entry.images()),
                    project.checked(entry.labels()), classes);
            case NPY -> NpyImageSource.open(entry.name(), project.checked(entry.images()),
                    project.checked(entry.labels()), classes);
            // The folder source checks every folder it lists and every image it opens, not only its root.
            case IMAGE_FOLDER -> ImageFolderSource.open(project.resolve(entry.images()), entry.name(),
                    project.access(), labeling(project, entry, classes));
        };
    }

    /**
     * How the prepared dataset's classes map onto the head: a max projection for an ObjectNet-protocol folder,
     * otherwise by class name.
     *
     * @param where names the dataset in error messages
     */
    public static ClassMapping mapping(ImageSource source, List<String> datasetClasses, List<String> headClasses,
            String where) throws DataException {
        if (source instanceof ImageFolderSource folder && folder.labeling().headGroups() != null) {
            return ClassMapping.maxOver(folder.labeling().headGroups(), headClasses.size());
        }
        return ClassMapping.between(datasetClasses, headClasses, where);
    }

    /** A one-line note on folders a label map skipped or did not find, or null when there is nothing to say. */
    public static String note(ImageSource source) {
        if (!(source instanceof ImageFolderSource folder)) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        if (!folder.skippedFolders().isEmpty()) {
            parts.add(folder.skippedFolders().size() + " folders not in the label map skipped");
        }
        if (!folder.missingFolders().isEmpty()) {
            parts.add(folder.missingFolders().size() + " mapped folders not found (first: '"
                    + folder.missingFolders().get(0) + "')");
        }
        return parts.isEmpty() ? null : "dataset " + source.name() + ": " + String.join(", ", parts);
    }

    static FolderLabeling labeling(LoadedProject project, ProjectSpec.DatasetEntry entry, List<String> headClasses)
            throws RftException {
        if (entry.classes() != null
                && (entry.folderLabels() != null || entry.labelMap() != null || entry.protocol() != null)) {
            throw problem(project, entry, "classes cannot be combined with folderLabels, labelMap or protocol "
                    + "(they map folders onto the project's classes)");
        }
        String folderLabels = entry.folderLabels() == null ? "name" : entry.folderLabels();
        String protocol = entry.protocol();
        if (protocol != null && !protocol.equals(OBJECTNET)) {
            throw problem(project, entry, "unknown protocol '" + protocol + "' (known: objectnet)");
        }
        if (!folderLabels.equals("name") && !folderLabels.equals("index")) {
            throw problem(project, entry, "folderLabels must be \"name\" or \"index\", not '" + folderLabels + "'");
        }
        if (folderLabels.equals("index")) {
            if (entry.labelMap() != null || protocol != null) {
                throw problem(project, entry, "folderLabels \"index\" cannot be combined with labelMap or protocol");
            }
            return FolderLabeling.byHeadIndex(headClasses);
        }
        if (entry.labelMap() == null) {
            if (protocol != null) {
                throw problem(project, entry, "protocol objectnet needs a labelMap (folder -> head classes)");
            }
            return FolderLabeling.byName();
        }
        String where;
        JsonNode map;
        if (entry.labelMap().isTextual()) {
            Path file;
            try {
                file = project.checked(entry.labelMap().asText());
            } catch (FileAccessException e) {
                throw new DataException(e);
            }
            where = file.toString();
            try {
                map = new ObjectMapper().readTree(file.toFile());
            } catch (IOException e) {
                throw new DataException(file, "cannot read label map: " + PlainMessages.of(e), e);
            }
        } else {
            where = project.file() + " (labelMap of dataset '" + entry.name() + "')";
            map = entry.labelMap();
        }
        Map<String, List<String>> raw = parseMap(map, where);
        return protocol == null ? FolderLabeling.labelMap(raw, headClasses, where)
                : FolderLabeling.objectNet(raw, headClasses, where);
    }

    /** {"folder": "class" | 7 | ["class", 7, ...], ...} */
    private static Map<String, List<String>> parseMap(JsonNode map, String where) throws DataException {
        if (map == null || !map.isObject()) {
            throw new DataException(where, "a label map must be a JSON object {\"folder\": head class, ...}");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String> values = new ArrayList<>();
            JsonNode v = e.getValue();
            for (JsonNode item : v.isArray() ? v : List.of(v)) {
                if (item.isTextual() || item.isIntegralNumber() && item.asLong() >= 0) {
                    values.add(item.asText());
                } else {
                    throw new DataException(where, "folder '" + e.getKey() + "': expected a head class name or "
                            + "index (or a list of them), got " + item.toString());
                }
            }
            out.put(e.getKey(), values);
        }
        return out;
    }

    private static RftException problem(LoadedProject project, ProjectSpec.DatasetEntry entry, String what) {
        return new RftException(project.file() + ": dataset '" + entry.name() + "': " + what);
    }
}
