package org.rftworkbench.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The search on a scorer whose optimum is known: OOD rises as group "s" moves towards 0 and the others towards 1,
 * ID falls with "s" below 0.5; the tolerance, the visiting order and the uniform baseline behave as documented.
 */
class LayerMixingSearchTest {
    private static final List<String> GROUPS = List.of("a", "s", "b");

    /** OOD = 0.5 + 0.1 (1 - s) + 0.05 (a + b) - 0.2 (mean - 0.5)^2; ID = 0.8 - 0.1 max(0, 0.5 - s). */
    private static LayerMixingSearch.Scores score(Map<String, Double> x) {
        double s = x.get("s");
        double mean = (x.get("a") + x.get("s") + x.get("b")) / 3;
        double ood = 0.5 + 0.1 * (1 - s) + 0.05 * (x.get("a") + x.get("b")) - 0.2 * (mean - 0.5) * (mean - 0.5);
        double id = 0.8 - 0.1 * Math.max(0, 0.5 - s);
        return new LayerMixingSearch.Scores(id, ood);
    }

    @Test
    void findsTheMixWithinTheIdToleranceStragglersFirst() throws Exception {
        List<Map<String, Double>> seen = new ArrayList<>();
        LayerMixingSearch.Outcome o = LayerMixingSearch.run(GROUPS, List.of("s"),
                new LayerMixingSearch.Settings(List.of(0.0, 0.25, 0.5, 0.75, 1.0), 0.0, 2), x -> {
                    seen.add(x);
                    return score(x);
                });
        // five uniform tries first; their best by OOD is the baseline
        assertEquals(5, o.steps().stream().filter(s -> s.group() == null).count());
        double bestUniform = List.of(0.0, 0.25, 0.5, 0.75, 1.0).stream()
                .max((p, q) -> Double.compare(score(all(p)).avgOodTop1(), score(all(q)).avgOodTop1())).orElseThrow();
        assertEquals(bestUniform, o.uniformAlpha());
        // the straggler is visited first, and with zero tolerance "s" may not go below 0.5 (ID would fall)
        assertEquals("s", o.steps().get(5).group());
        assertTrue(o.groupAlphas().get("s") >= 0.5, o.groupAlphas().toString());
        assertTrue(o.found().avgOodTop1() > o.uniform().avgOodTop1());
        assertTrue(o.found().idTop1() >= o.uniform().idTop1() - 1e-12);
        assertEquals(score(o.groupAlphas()), o.found());
        assertEquals(seen.size(), o.steps().size());
    }

    @Test
    void aLooserToleranceLetsTheStragglerMoveFurther() throws Exception {
        LayerMixingSearch.Outcome strict = LayerMixingSearch.run(GROUPS, List.of("s"),
                new LayerMixingSearch.Settings(List.of(0.0, 0.5, 1.0), 0.0, 2), LayerMixingSearchTest::score);
        LayerMixingSearch.Outcome loose = LayerMixingSearch.run(GROUPS, List.of("s"),
                new LayerMixingSearch.Settings(List.of(0.0, 0.5, 1.0), 0.06, 2), LayerMixingSearchTest::score);
        assertEquals(0.5, strict.groupAlphas().get("s"));
        assertEquals(0.0, loose.groupAlphas().get("s"));
        assertTrue(loose.found().avgOodTop1() > strict.found().avgOodTop1());
        assertTrue(loose.found().idTop1() >= loose.uniform().idTop1() - 0.06);
    }

    private static Map<String, Double> all(double a) {
        return Map.of("a", a, "s", a, "b", a);
    }
}
