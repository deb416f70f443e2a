package org.rftworkbench.core.sharpness;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Every setting of one sharpness measurement (method-notes sections 3.1-3.4). Recorded with every result, so a row of
 * a heatmap says exactly how it was computed. Immutable, thread-safe, Jackson-serialisable.
 *
 * <p>Defaults ({@link #defaults()}): the headline definition of Andriushchenko et al. 2023, adaptive worst-case
 * l_inf m-sharpness with logit normalisation, rho = 1e-3 (c = |w|, no eta), T = 20 m-APGD steps, m = 128, n = 1024
 * examples of the project's sharpness set (ID train, fixed order, no augmentation), zero init, one restart.
 * Average-case defaults: Gaussian noise, K = 20 draws per batch, fresh noise per batch from a RNG seeded with
 * {@code seed}.
 *
 * @param definition          worst case (m-APGD ascent) or average case (random perturbations)
 * @param norm                ball of the worst case: l_inf or l_2 (average case: recorded, noise picks the shape)
 * @param adaptive            c = |w| + eta (reparametrisation-invariant) instead of c = 1
 * @param eta                 additive floor of the adaptive scale, >= 0 (0 = reference; zero weights never move)
 * @param logitNormalization  subtract each logit row's mean and divide by its L2 norm (floored at 1e-10) before CE
 * @param rho                 radius of the ball / scale of the noise, >= 0
 * @param steps               T, ascent iterations per batch (worst case)
 * @param batchSize           m, examples per batch (m-sharpness is averaged over batches)
 * @param examples            n, number of examples used (the first n of the dataset, in order); n/m batches, the
 *                            last one smaller when m does not divide n
 * @param seed                seed of the average-case noise
 * @param noise               average case: z ~ N(0,1) (GAUSSIAN) or U[-1,1] (UNIFORM) per coordinate, delta = rho c z
 * @param samples             K, noise draws per batch (average case)
 * @param includeRegex        perturb only parameters whose name matches (find) this regex; null = all
 * @param excludeRegex        never perturb parameters whose name matches (find) this regex; null = none
 * @param dataset             project dataset to use; null = the project's dataset with role "sharpness"
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SharpnessSettings(
        @JsonProperty("definition") Definition definition,
        @JsonProperty("norm") Norm norm,
        @JsonProperty("adaptive") boolean adaptive,
        @JsonProperty("eta") double eta,
        @JsonProperty("logitNormalization") boolean logitNormalization,
        @JsonProperty("rho") double rho,
        @JsonProperty("steps") int steps,
        @JsonProperty("batchSize") int batchSize,
        @JsonProperty("examples") int examples,
        @JsonProperty("seed") long seed,
        @JsonProperty("noise") Noise noise,
        @JsonProperty("samples") int samples,
        @JsonProperty("includeRegex") String includeRegex,
        @JsonProperty("excludeRegex") String excludeRegex,
        @JsonProperty("dataset") String dataset) {

    public static final double DEFAULT_RHO = 1e-3;
    public static final int DEFAULT_STEPS = 20;
    public static final int DEFAULT_BATCH_SIZE = 128;
    public static final int DEFAULT_EXAMPLES = 1024;
    public static final int DEFAULT_SAMPLES = 20;

    /** Worst case = max over the ball (m-APGD); average case = mean over random perturbations. */
    public enum Definition { WORST_CASE, AVERAGE_CASE }

    /** Shape of the perturbation ball. */
    public enum Norm { LINF, L2 }

    /** Distribution of the average-case noise z. */
    public enum Noise { GAUSSIAN, UNIFORM }

    /** @throws IllegalArgumentException on a value outside its range or an invalid regex (one-line message) */
    public SharpnessSettings {
        if (definition == null || norm == null || noise == null) {
            throw new IllegalArgumentException("sharpness definition, norm and noise must be set");
        }
        requireFinite("rho", rho, 0);
        requireFinite("eta", eta, 0);
        if (steps < 1 || batchSize < 1 || examples < 1 || samples < 1) {
            throw new IllegalArgumentException("steps, batch size, examples and samples must be positive (got "
                    + steps + ", " + batchSize + ", " + examples + ", " + samples + ")");
        }
        includeRegex = blankToNull(includeRegex);
        excludeRegex = blankToNull(excludeRegex);
        dataset = blankToNull(dataset);
        compile("include", includeRegex);
        compile("exclude", excludeRegex);
    }

    /** The defaults listed in the class comment. */
    public static SharpnessSettings defaults() {
        return new SharpnessSettings(Definition.WORST_CASE, Norm.LINF, true, 0, true, DEFAULT_RHO, DEFAULT_STEPS,
                DEFAULT_BATCH_SIZE, DEFAULT_EXAMPLES, 0, Noise.GAUSSIAN, DEFAULT_SAMPLES, null, null, null);
    }

    /** Number of batches: ceil(n / m). */
    public int batchCount() {
        return (examples + batchSize - 1) / batchSize;
    }

    /** True when parameter {@code name} passes the include/exclude filters. */
    public boolean perturbs(String name) {
        return (includeRegex == null || Pattern.compile(includeRegex).matcher(name).find())
                && (excludeRegex == null || !Pattern.compile(excludeRegex).matcher(name).find());
    }

    public SharpnessSettings withDefinition(Definition d) {
        return new SharpnessSettings(d, norm, adaptive, eta, logitNormalization, rho, steps, batchSize, examples, seed,
                noise, samples, includeRegex, excludeRegex, dataset);
    }

    public SharpnessSettings withNorm(Norm n) {
        return new SharpnessSettings(definition, n, adaptive, eta, logitNormalization, rho, steps, batchSize, examples,
                seed, noise, samples, includeRegex, excludeRegex, dataset);
    }

    public SharpnessSettings withAdaptive(boolean a, double e) {
        return new SharpnessSettings(definition, norm, a, e, logitNormalization, rho, steps, batchSize, examples, seed,
                noise, samples, includeRegex, excludeRegex, dataset);
    }

    public SharpnessSettings withLogitNormalization(boolean on) {
        return new SharpnessSettings(definition, norm, adaptive, eta, on, rho, steps, batchSize, examples, seed, noise,
                samples, includeRegex, excludeRegex, dataset);
    }

    public SharpnessSettings withRho(double r) {
        return new SharpnessSettings(definition, norm, adaptive, eta, logitNormalization, r, steps, batchSize, examples,
                seed, noise, samples, includeRegex, excludeRegex, dataset);
    }

    public SharpnessSettings withData(int m, int n, String datasetName) {
        return new SharpnessSettings(definition, norm, adaptive, eta, logitNormalization, rho, steps, m, n, seed, noise,
                samples, includeRegex, excludeRegex, datasetName);
    }

    public SharpnessSettings withSteps(int t) {
        return new SharpnessSettings(definition, norm, adaptive, eta, logitNormalization, rho, t, batchSize, examples,
                seed, noise, samples, includeRegex, excludeRegex, dataset);
    }

    public SharpnessSettings withNoise(Noise z, int k, long s) {
        return new SharpnessSettings(definition, norm, adaptive, eta, logitNormalization, rho, steps, batchSize,
                examples, s, z, k, includeRegex, excludeRegex, dataset);
    }

    public SharpnessSettings withFilters(String include, String exclude) {
        return new SharpnessSettings(definition, norm, adaptive, eta, logitNormalization, rho, steps, batchSize,
                examples, seed, noise, samples, include, exclude, dataset);
    }

    /**
     * A canonical one-line description of every setting that changes the value (decimal numbers written exactly):
     * part of result-cache keys. Settings that do not apply (e.g. the noise of a worst-case run) are left out, so
     * changing them does not invalidate cached cells.
     */
    public String canonical() {
        StringBuilder sb = new StringBuilder();
        sb.append(definition).append(";norm=").append(norm).append(";adaptive=").append(adaptive);
        if (adaptive) {
            sb.append(";eta=").append(exact(eta));
        }
        sb.append(";logitnorm=").append(logitNormalization).append(";rho=").append(exact(rho))
                .append(";m=").append(batchSize).append(";n=").append(examples);
        if (definition == Definition.WORST_CASE) {
            sb.append(";T=").append(steps);
        } else {
            sb.append(";noise=").append(noise).append(";K=").append(samples).append(";seed=").append(seed);
        }
        sb.append(";include=").append(includeRegex == null ? "" : includeRegex)
                .append(";exclude=").append(excludeRegex == null ? "" : excludeRegex);
        return sb.toString();
    }

    /** The shortest decimal that round-trips the double (e.g. 0.001, not 1.0E-3). */
    static String exact(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString().toLowerCase(Locale.ROOT);
    }

    private static void requireFinite(String what, double v, double min) {
        if (!Double.isFinite(v) || v < min) {
            throw new IllegalArgumentException(what + " must be a finite number >= " + min + ", got " + v);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static void compile(String what, String regex) {
        if (regex == null) {
            return;
        }
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(what + " regex '" + regex + "' is invalid: " + e.getDescription());
        }
    }
}
