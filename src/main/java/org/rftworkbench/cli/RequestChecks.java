package org.rftworkbench.cli;

import java.util.Map;
import org.rftworkbench.core.RftException;
import org.rftworkbench.core.project.LoadedProject;
import org.rftworkbench.core.service.InvalidRequestException;
import org.rftworkbench.core.service.JobRequest;
import org.rftworkbench.core.service.RequestValidator;

/**
 * The CLI side of {@link RequestValidator}: every computing command checks its request before it starts, and the
 * error names the command-line option the value came from (e.g. "--batch-size: must be between 1 and 4096, got 0").
 */
final class RequestChecks {
    /** Request field (before any "[" or ".") -> option; fields of the project file keep their name. */
    private static final Map<String, String> OPTIONS = Map.ofEntries(
            Map.entry("alphas", "--alphas"),
            Map.entry("layerAlphas", "--layer-alpha"),
            Map.entry("datasets", "--datasets"),
            Map.entry("dataset", "--dataset"),
            Map.entry("batchSize", "--batch-size"),
            Map.entry("baseAlpha", "--base"),
            Map.entry("selection.epsilon", "--epsilon"),
            Map.entry("settings.rho", "--rho"),
            Map.entry("settings.eta", "--eta"),
            Map.entry("settings.steps", "--steps"),
            Map.entry("settings.batchSize", "--batch-size"),
            Map.entry("settings.examples", "--examples"),
            Map.entry("settings.samples", "--samples"),
            Map.entry("settings.dataset", "--dataset"),
            Map.entry("spec.ratio", "--ratio"),
            Map.entry("tolerance", "--tolerance"),
            Map.entry("run", "--run"));

    private RequestChecks() {
    }

    /** @throws RftException one line naming the option (or the project file's field) and the problem */
    static void validate(JobRequest request, LoadedProject project) throws RftException {
        try {
            RequestValidator.validate(request, project.spec());
        } catch (InvalidRequestException e) {
            throw new RftException(message(e, project));
        }
    }

    static String message(InvalidRequestException e, LoadedProject project) {
        String field = e.field();
        if (field.startsWith("project ")) {
            return RftException.at(project.file(), field.substring("project ".length()) + ": " + e.problem());
        }
        String base = field.replaceAll("\\[\\d+\\]$", "");
        String option = OPTIONS.get(base);
        if (option == null) {
            option = OPTIONS.get(field.replaceAll("[\\[.].*$", ""));
        }
        if (option == null) {
            return e.getMessage();
        }
        return field.equals(base) && OPTIONS.containsKey(field) ? option + ": " + e.problem()
                : option + ": " + field + " " + e.problem();
    }
}
