package org.rftworkbench.figures;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rftworkbench.core.RftException;

/**
 * Reads figure data from JSON files: the fields of a figure's {@code Data} record (e.g. {@code rows}, {@code alphas},
 * {@code values}, {@code stragglers}, {@code valueLabel}, {@code title} for a heatmap) plus an optional
 * {@code settings} object that goes into the figure's provenance. Lets results computed elsewhere (or by commands
 * whose output has another shape) be drawn with the same styles.
 *
 * @param <D> the data record
 */
public record FigureInputs<D>(D data, Map<String, Object> settings) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Reads {@code file} as a {@code type} plus optional settings; errors are one line naming the file. */
    public static <D> FigureInputs<D> read(Path file, Class<D> type) throws RftException {
        try {
            JsonNode root = MAPPER.readTree(file.toFile());
            if (!(root instanceof ObjectNode obj)) {
                throw new RftException(RftException.at(file, "expected a JSON object"));
            }
            Map<String, Object> settings = new LinkedHashMap<>();
            JsonNode s = obj.remove("settings");
            if (s != null && s.isObject()) {
                settings.putAll(MAPPER.convertValue(s, new TypeReference<Map<String, Object>>() { }));
            }
            return new FigureInputs<>(MAPPER.treeToValue(obj, type), settings);
        } catch (IOException | IllegalArgumentException e) {
            // a record constructor's own check reads better than Jackson's "Cannot construct instance ..."
            Throwable reason = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            String msg = reason.getMessage() == null ? reason.toString() : reason.getMessage().split("\n")[0];
            throw new RftException(RftException.at(file, msg), e);
        }
    }
}
