package org.rftworkbench.core.interpolate;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.rftworkbench.core.RftException;

/**
 * Per-layer alphas: an ordered list of (tensor-name regex -> alpha). The first rule whose regex matches the whole
 * tensor name wins; tensors no rule matches use the global alpha. Immutable and thread-safe.
 */
public final class AlphaOverrides {
    /** No overrides: every tensor uses the global alpha. */
    public static final AlphaOverrides NONE = new AlphaOverrides(List.of());

    /** One rule; {@code regex} must match the full tensor name. */
    public record Rule(@JsonProperty("regex") String regex, @JsonProperty("alpha") double alpha) {
        @JsonCreator
        public Rule {
        }
    }

    private final List<Rule> rules;
    private final List<Pattern> patterns;

    private AlphaOverrides(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        this.patterns = new ArrayList<>();
        for (Rule r : rules) {
            patterns.add(Pattern.compile(r.regex()));
        }
    }

    /** Validates every regex; an invalid one is reported with its text. */
    public static AlphaOverrides of(List<Rule> rules) throws RftException {
        for (Rule r : rules) {
            try {
                Pattern.compile(r.regex());
            } catch (PatternSyntaxException e) {
                throw new RftException("invalid per-layer alpha regex '" + r.regex() + "': " + e.getDescription());
            }
            if (!Double.isFinite(r.alpha())) {
                throw new RftException("per-layer alpha for '" + r.regex() + "' is not a finite number");
            }
        }
        return rules.isEmpty() ? NONE : new AlphaOverrides(rules);
    }

    /** Parses "REGEX=ALPHA" specs as given on the command line. */
    public static AlphaOverrides parse(List<String> specs) throws RftException {
        List<Rule> rules = new ArrayList<>();
        for (String spec : specs) {
            int eq = spec.lastIndexOf('=');
            if (eq <= 0) {
                throw new RftException("per-layer alpha '" + spec + "' must look like REGEX=ALPHA");
            }
            try {
                rules.add(new Rule(spec.substring(0, eq), Double.parseDouble(spec.substring(eq + 1))));
            } catch (NumberFormatException e) {
                throw new RftException("per-layer alpha '" + spec + "': '" + spec.substring(eq + 1) + "' is not a number");
            }
        }
        return of(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The alpha for one tensor given the global alpha. */
    public double alphaFor(String tensorName, double globalAlpha) {
        for (int i = 0; i < patterns.size(); i++) {
            if (patterns.get(i).matcher(tensorName).matches()) {
                return rules.get(i).alpha();
            }
        }
        return globalAlpha;
    }

    @Override
    public String toString() {
        return rules.toString();
    }
}
