package org.rftworkbench.core.checkpoint;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The escape hatch for layouts nothing recognises: rules that rename a checkpoint's tensors before the layout is
 * recognised. The first rule whose {@code regex} matches the whole name wins; the name becomes {@code replacement}
 * with {@code $1}-style group references filled in; an empty replacement drops the tensor; names no rule matches stay
 * as they are. Immutable.
 */
public final class NameMap {
    /** One rule: a Java regex matched against the whole tensor name, and its replacement. */
    public record Rule(@JsonProperty("regex") String regex, @JsonProperty("replacement") String replacement) {
    }

    private final List<Rule> rules;
    private final List<Pattern> patterns;

    private NameMap(List<Rule> rules, List<Pattern> patterns) {
        this.rules = rules;
        this.patterns = patterns;
    }

    /**
     * @param source the file that declares the rules, for error messages
     * @throws CheckpointException a rule without regex or replacement, or a regex that does not compile
     */
    public static NameMap of(List<Rule> rules, Path source) throws CheckpointException {
        List<Pattern> patterns = new ArrayList<>();
        for (Rule r : rules == null ? List.<Rule>of() : rules) {
            if (r == null || r.regex() == null || r.replacement() == null) {
                throw new CheckpointException(source, "nameMap rules need a regex and a replacement");
            }
            try {
                patterns.add(Pattern.compile(r.regex()));
            } catch (PatternSyntaxException e) {
                throw new CheckpointException(source, "nameMap regex '" + r.regex() + "' is not valid: "
                        + e.getDescription());
            }
        }
        return new NameMap(rules == null ? List.of() : List.copyOf(rules), patterns);
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The rules as text, for cache keys and provenance (changing a rule changes the tensors). */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (Rule r : rules) {
            sb.append(r.regex()).append(" -> ").append(r.replacement()).append('\n');
        }
        return sb.toString();
    }

    /** The checkpoint with the rules applied ({@code raw} itself when there are none); closing it closes raw. */
    public Checkpoint apply(Checkpoint raw) throws CheckpointException {
        if (rules.isEmpty()) {
            return raw;
        }
        List<CheckpointTensor> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int renamed = 0;
        int dropped = 0;
        for (CheckpointTensor t : raw.tensors()) {
            String name = t.name();
            for (int i = 0; i < patterns.size(); i++) {
                Matcher m = patterns.get(i).matcher(t.name());
                if (m.matches()) {
                    try {
                        name = m.replaceFirst(rules.get(i).replacement());
                    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                        throw new CheckpointException(raw.path(), "nameMap replacement '" + rules.get(i).replacement()
                                + "' for " + t.name() + " is not valid: " + e.getMessage());
                    }
                    break;
                }
            }
            if (name.isEmpty()) {
                dropped++;
                continue;
            }
            if (!seen.add(name)) {
                throw new CheckpointException(raw.path(), "nameMap gives two tensors the name " + name);
            }
            if (!name.equals(t.name())) {
                renamed++;
            }
            out.add(name.equals(t.name()) ? t : new CheckpointLayouts.Renamed(name, t));
        }
        return new CheckpointLayouts.Mapped(raw, out, Map.of("note.nameMap", "nameMap renamed " + renamed
                + " tensors" + (dropped > 0 ? " and dropped " + dropped : "")));
    }
}
