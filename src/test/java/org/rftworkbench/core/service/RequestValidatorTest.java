package org.rftworkbench.core.service;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rftworkbench.core.data.PreprocessConfig;
import org.rftworkbench.core.interpolate.AlphaOverrides;
import org.rftworkbench.core.layers.ErrorMetric;
import org.rftworkbench.core.layers.StragglerCriterion;
import org.rftworkbench.core.layers.Stragglers;
import org.rftworkbench.core.project.ProjectSpec;
import org.rftworkbench.core.sharpness.SharpnessSettings;
import org.rftworkbench.core.sparsity.SparsitySpec;
import org.rftworkbench.core.sparsity.TensorFilter;

/** Every request value out of range is refused with the field it came from; values in range pass. */
class RequestValidatorTest {
    private static final String P = "p/project.json";

    private static String field(JobRequest r) {
        return assertThrows(InvalidRequestException.class, () -> RequestValidator.validate(r)).field();
    }

    private static SweepRequest sweep(List<Double> alphas, Integer batch) {
        return new SweepRequest(P, alphas, null, null, batch);
    }

    @Test
    void alphasMustBeFiniteAndWithinTheRange() {
        assertDoesNotThrow(() -> RequestValidator.validate(sweep(List.of(-100.0, 0.0, 0.5, 100.0), 16)));
        assertEquals("alphas[1]", field(sweep(List.of(0.0, Double.NaN), null)));
        assertEquals("alphas[0]", field(sweep(List.of(Double.POSITIVE_INFINITY), null)));
        assertEquals("alphas[0]", field(sweep(List.of(1e308), null)));
        assertEquals("alphas[0]", field(sweep(List.of(1e30), null)));
        assertEquals("alphas[0]", field(sweep(List.of(-100.5), null)));
        assertEquals("alphas[2]", field(sweep(java.util.Arrays.asList(0.0, 1.0, null), null)));
        assertEquals("alphas", field(sweep(Collections.nCopies(RequestValidator.MAX_ALPHAS + 1, 0.5), null)));
        assertDoesNotThrow(() -> RequestValidator.validate(sweep(Collections.nCopies(RequestValidator.MAX_ALPHAS,
                0.5), null)));
        assertEquals("alpha", field(new PreviewRequest(P, Double.NaN, null, null)));
        assertEquals("alpha", field(new PreviewRequest(P, -1e308, null, null)));
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> RequestValidator.validate(sweep(List.of(1e308), null)));
        assertEquals("alphas[0]: must be a finite number with |alpha| <= 100, got 1.0E308", e.getMessage());
    }

    @Test
    void layerAlphaOverridesLikewise() {
        assertEquals("layerAlphas[1].alpha", field(new SweepRequest(P, List.of(0.5), List.of(
                new AlphaOverrides.Rule("head", 0.0), new AlphaOverrides.Rule("resblocks", Double.NaN)), null, null)));
        assertEquals("layerAlphas[0].regex", field(new PreviewRequest(P, 0.5, List.of(
                new AlphaOverrides.Rule("([", 0.0)), null)));
    }

    @Test
    void batchSizeFrom1ToTheCap() {
        assertEquals("batchSize", field(sweep(List.of(0.5), 0)));
        assertEquals("batchSize", field(sweep(List.of(0.5), -3)));
        assertEquals("batchSize", field(sweep(List.of(0.5), RequestValidator.MAX_BATCH_SIZE + 1)));
        assertEquals("batchSize", field(sweep(List.of(0.5), 1_000_000)));
        assertDoesNotThrow(() -> RequestValidator.validate(sweep(List.of(0.5), RequestValidator.MAX_BATCH_SIZE)));
        assertDoesNotThrow(() -> RequestValidator.validate(sweep(List.of(0.5), 1)));
    }

    @Test
    void sharpnessSettingsInRange() {
        SharpnessSettings ok = SharpnessSettings.defaults();
        assertDoesNotThrow(() -> RequestValidator.validate(new SharpnessRequest(P, List.of(0.5), ok, null)));
        assertEquals("settings.rho", field(new SharpnessRequest(P, List.of(0.5), ok.withRho(0), null)));
        assertEquals("settings.steps", field(new SharpnessRequest(P, List.of(0.5),
                ok.withSteps(RequestValidator.MAX_SHARPNESS_STEPS + 1), null)));
        assertEquals("settings.batchSize", field(new SharpnessRequest(P, List.of(0.5), ok.withData(100_000, 8, null),
                null)));
        assertEquals("settings", field(new SharpnessRequest(P, List.of(0.5), null, null)));
        assertEquals("alphas", field(new SharpnessRequest(P, List.of(), ok, null)));
        assertEquals("alphas[0]", field(new SharpnessRequest(P, List.of(Double.NaN), ok, null)));
    }

    @Test
    void stragglerAndSparsitySettingsInRange() {
        StragglerRequest st = new StragglerRequest(P, List.of(0.5), 1.0, ErrorMetric.LOSS, null,
                StragglerCriterion.INSTABILITY, Stragglers.Selection.top(2), null, null);
        assertDoesNotThrow(() -> RequestValidator.validate(st));
        assertEquals("baseAlpha", field(new StragglerRequest(P, List.of(0.5), Double.NaN, ErrorMetric.LOSS, null,
                StragglerCriterion.INSTABILITY, Stragglers.Selection.top(2), null, null)));
        assertEquals("selection.epsilon", field(new StragglerRequest(P, List.of(0.5), 1.0, ErrorMetric.LOSS, null,
                StragglerCriterion.INSTABILITY, Stragglers.Selection.threshold(Double.NaN), null, null)));
        assertEquals("sharpness.head", field(new StragglerRequest(P, List.of(0.5), 1.0, ErrorMetric.LOSS, null,
                StragglerCriterion.SHARPNESS_RATIO, Stragglers.Selection.top(2),
                Map.of("head", Double.POSITIVE_INFINITY), null)));
        assertEquals("batchSize", field(new StragglerRequest(P, List.of(0.5), 1.0, ErrorMetric.LOSS, null,
                StragglerCriterion.INSTABILITY, Stragglers.Selection.top(2), null, 0)));
        SparsitySpec bad = new SparsitySpec(SparsitySpec.Method.RANDOM, 1.5, 0, SparsitySpec.Placement.TASK_VECTOR,
                SparsitySpec.Scope.PER_TENSOR, false, List.of("head"), new TensorFilter(2, null, null));
        assertEquals("spec.ratio", field(new SparsityRequest(P, List.of(0.5), bad, 0.001, null)));
        assertEquals("tolerance", field(new SparsityRequest(P, List.of(0.5), null, Double.NaN, null)));
        assertDoesNotThrow(() -> RequestValidator.validate(new SparsityRequest(P, List.of(0.5), null, 0.001, 64)));
    }

    @Test
    void datasetNamesMustBeKnownToTheProject() {
        ProjectSpec project = project(null);
        assertDoesNotThrow(() -> RequestValidator.validate(new SweepRequest(P, List.of(0.5), null, List.of("id"),
                null), project));
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> RequestValidator.validate(
                new SweepRequest(P, List.of(0.5), null, List.of("id", "nope"), null), project));
        assertEquals("datasets", e.field());
        assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("known: id"), e.getMessage());
        assertEquals("project batchSize", assertThrows(InvalidRequestException.class,
                () -> RequestValidator.validate(new SweepRequest(P, List.of(0.5), null, null, null),
                        project(100_000))).field());
        assertDoesNotThrow(() -> RequestValidator.validate(new SweepRequest(P, List.of(0.5), null, null, 64),
                project(100_000)), "the request's own batch size replaces the project's");
    }

    private static ProjectSpec project(Integer batchSize) {
        return new ProjectSpec(ProjectSpec.FORMAT_VERSION, "t", null, new ProjectSpec.ModelSpec(null, "ViT-B-32", null),
                new ProjectSpec.Endpoint("zero-shot", "a.safetensors"), new ProjectSpec.Endpoint("ft", "b.safetensors"),
                List.of("c0", "c1"), null, PreprocessConfig.clip(32),
                List.of(new ProjectSpec.DatasetEntry("id", ProjectSpec.Role.ID, ProjectSpec.Format.IDX, "x.gz",
                        "y.gz", null)), null, null, batchSize);
    }
}
