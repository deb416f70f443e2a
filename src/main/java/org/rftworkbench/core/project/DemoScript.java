package org.rftworkbench.core.project;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A guided demo: the steps a presenter walks through with the arrow keys, read from {@value #FILE_NAME} next to the
 * project file, which the presenter edits by hand. Each step names a view, may set the slider's alpha (as displayed)
 * or start the Play sweep, may highlight something, and has a caption. Immutable and thread-safe.
 *
 * <pre>{@code
 * {"title": "The WiSE-FT effect",
 *  "steps": [{"view": "interpolation", "alpha": 0.0, "caption": "Zero-shot: ..."},
 *            {"view": "interpolation", "alpha": 0.5, "highlight": ["best-of-both"], "caption": "..."},
 *            {"view": "interpolation", "play": true, "caption": "..."},
 *            {"view": "sparsity", "apply": true, "caption": "..."}]}
 * }</pre>
 *
 * @param title shown with the step number
 * @param steps at least one
 */
public record DemoScript(String title, List<Step> steps) {
    public static final String FILE_NAME = "demo.json";
    /** What a step can highlight: see {@link Step#highlights()}. */
    public static final List<String> HIGHLIGHTS = List.of("best-of-both", "failure", "stragglers");
    private static final Set<String> STEP_FIELDS = Set.of("view", "alpha", "play", "apply", "highlight", "caption");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The window's views, by the names a script uses. */
    public enum View {
        INTERPOLATION, LAYERS, CORRELATION, SPARSITY, STUDY, PLANE;

        /** "interpolation", ... */
        public String scriptName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One step.
     *
     * @param view       the view to show
     * @param alpha      the slider's alpha as displayed, or null to leave it
     * @param play       start the Play sweep (stopped again on the next step)
     * @param apply      sparsity view: apply the chosen (straggler) groups and show before and after
     * @param highlights any of {@link #HIGHLIGHTS}: "best-of-both" shades the alphas whose average OOD accuracy beats
     *                   both endpoints', "failure" darkens the failure band, "stragglers" marks the straggler groups
     * @param caption    what the presenter's audience reads
     */
    public record Step(View view, Double alpha, boolean play, boolean apply, Set<String> highlights,
            String caption) {
        public Step {
            Objects.requireNonNull(view, "view");
            Objects.requireNonNull(caption, "caption");
            highlights = Set.copyOf(highlights);
        }
    }

    public DemoScript {
        Objects.requireNonNull(title, "title");
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a demo needs at least one step");
        }
    }

    /** The demo file of a project: {@value #FILE_NAME} in the project file's folder. */
    public static Path fileFor(Path projectFile) {
        Path dir = projectFile.toAbsolutePath().getParent();
        return dir.resolve(FILE_NAME);
    }

    /**
     * Reads and checks a demo file; the exception's one line names the file, the step and the problem (a missing
     * file too).
     */
    public static DemoScript load(Path file) throws ProjectException {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ProjectException(file, "no guided demo here (write a " + FILE_NAME
                    + " next to the project file; see docs/TEACHING.md)");
        } catch (JsonProcessingException e) {
            throw new ProjectException(file, "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ProjectException(file, "cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ProjectException(file, "expected an object with \"title\" and \"steps\"");
        }
        String title = root.path("title").asText("Guided demo");
        JsonNode stepsNode = root.get("steps");
        if (stepsNode == null || !stepsNode.isArray() || stepsNode.isEmpty()) {
            throw new ProjectException(file, "\"steps\" must be a non-empty list");
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < stepsNode.size(); i++) {
            steps.add(step(file, i + 1, stepsNode.get(i)));
        }
        return new DemoScript(title, steps);
    }

    private static Step step(Path file, int number, JsonNode node) throws ProjectException {
        if (!node.isObject()) {
            throw problem(file, number, "expected an object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!STEP_FIELDS.contains(name)) {
                throw problem(file, number, "unknown field \"" + name + "\" (expected view, alpha, play, apply, "
                        + "highlight or caption)");
            }
        }
        View view = view(file, number, node.path("view").asText(""));
        Double alpha = null;
        if (node.has("alpha") && !node.get("alpha").isNull()) {
            if (!node.get("alpha").isNumber()) {
                throw problem(file, number, "alpha must be a number");
            }
            alpha = node.get("alpha").asDouble();
            if (!(alpha >= -0.5 && alpha <= 1.5)) {
                throw problem(file, number, "alpha " + alpha + " is outside the slider's -0.5..1.5");
            }
        }
        boolean play = node.path("play").asBoolean(false);
        boolean apply = node.path("apply").asBoolean(false);
        if (play && view != View.INTERPOLATION) {
            throw problem(file, number, "\"play\" needs the interpolation view");
        }
        if (alpha != null && view != View.INTERPOLATION) {
            throw problem(file, number, "\"alpha\" needs the interpolation view");
        }
        if (apply && view != View.SPARSITY) {
            throw problem(file, number, "\"apply\" needs the sparsity view");
        }
        Set<String> highlights = new LinkedHashSet<>();
        JsonNode h = node.path("highlight");
        if (h.isTextual()) {
            highlights.add(h.asText());
        } else if (h.isArray()) {
            h.forEach(e -> highlights.add(e.asText()));
        } else if (!h.isMissingNode() && !h.isNull()) {
            throw problem(file, number, "highlight must be a name or a list of names");
        }
        for (String name : highlights) {
            if (!HIGHLIGHTS.contains(name)) {
                throw problem(file, number, "unknown highlight \"" + name + "\" (expected one of "
                        + String.join(", ", HIGHLIGHTS) + ")");
            }
        }
        String caption = node.path("caption").asText("").strip();
        if (caption.isEmpty()) {
            throw problem(file, number, "a caption is required");
        }
        return new Step(view, alpha, play, apply, highlights, caption);
    }

    private static View view(Path file, int number, String name) throws ProjectException {
        for (View v : View.values()) {
            if (v.scriptName().equals(name.toLowerCase(Locale.ROOT))) {
                return v;
            }
        }
        throw problem(file, number, "unknown view \"" + name + "\" (expected interpolation, layers, correlation, "
                + "sparsity or study)");
    }

    private static ProjectException problem(Path file, int number, String what) {
        return new ProjectException(file, "step " + number + ": " + what);
    }
}
