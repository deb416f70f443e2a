package org.rftworkbench.core.model.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rftworkbench.core.RftException;

/**
 * Prompt templates for zero-shot heads: each contains {@code {}} where the class name goes, e.g.
 * {@code "a photo of a {}."}. Stateless.
 */
public final class PromptTemplates {
    /** The placeholder replaced by the class name (Python's {@code str.format} with one positional argument). */
    public static final String PLACEHOLDER = "{}";
    private static final String OPENAI_RESOURCE = "/org/rftworkbench/text/openai_imagenet_templates.txt";

    private PromptTemplates() {
    }

    /**
     * The 80 ImageNet prompt templates of OpenAI's CLIP ("Prompt_Engineering_for_ImageNet.ipynb" in the openai/CLIP
     * repository; the same list is {@code openai_imagenet_template} in mlfoundations/wise-ft and open_clip), in
     * their original order. Public prompt strings, typed from that list and checked against copies of it.
     */
    public static List<String> openAiImageNet() {
        try (InputStream in = PromptTemplates.class.getResourceAsStream(OPENAI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + OPENAI_RESOURCE);
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList(),
                    OPENAI_RESOURCE);
        } catch (IOException | RftException e) {
            throw new IllegalStateException("broken resource " + OPENAI_RESOURCE, e);
        }
    }

    /**
     * Reads a template file: UTF-8, one template per line, blank lines and lines starting with {@code #} ignored;
     * every template must contain {@code {}} exactly once.
     */
    public static List<String> read(Path file) throws RftException {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            throw new RftException(RftException.at(file, "template file not found"));
        } catch (IOException e) {
            throw new RftException(RftException.at(file, "cannot read templates: " + e.getMessage()), e);
        }
    }

    private static List<String> parse(List<String> lines, String source) throws RftException {
        List<String> templates = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int at = line.indexOf(PLACEHOLDER);
            if (at < 0 || line.indexOf(PLACEHOLDER, at + 1) >= 0) {
                throw new RftException(source + ": line " + (i + 1) + " must contain {} exactly once: '" + line + "'");
            }
            templates.add(line);
        }
        if (templates.isEmpty()) {
            throw new RftException(source + ": no prompt templates");
        }
        return List.copyOf(templates);
    }

    /** The template with its {@code {}} replaced by {@code className}. */
    public static String format(String template, String className) {
        return template.replace(PLACEHOLDER, className);
    }
}
