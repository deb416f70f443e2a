package org.rftworkbench.core.sparsity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rftworkbench.core.RftException;

/** Mask construction without tensors: ratios, seeds, magnitude order, descriptors. */
class MasksTest {
    @Test
    void randomMaskHitsTheRatioAndIsSeeded() {
        float[] m = Masks.random("visual.transformer.resblocks.0.mlp.c_fc.weight", 200_000, 0.3, 11);
        assertEquals(0.3, Masks.zeroFraction(m), 0.005);
        assertArrayEquals(m, Masks.random("visual.transformer.resblocks.0.mlp.c_fc.weight", 200_000, 0.3, 11));
        assertFalse(Arrays.equals(m, Masks.random("visual.transformer.resblocks.0.mlp.c_fc.weight", 200_000, 0.3,
                12)));
        assertFalse(Arrays.equals(m, Masks.random("visual.transformer.resblocks.1.mlp.c_fc.weight", 200_000, 0.3,
                11)), "each tensor draws its own mask");
        assertEquals(0.0, Masks.zeroFraction(Masks.random("x", 1000, 0, 1)));
    }

    @Test
    void magnitudeMaskZeroesTheSmallestEntries() {
        float[] v = {5, -1, 3, 0.5f, -4, 2};
        assertArrayEquals(new float[] {1, 0, 1, 0, 1, 0}, Masks.magnitude(List.of(v), 0.5).get(0));
        float[] ties = {1, 1, 1, 1};
        assertArrayEquals(new float[] {0, 1, 1, 1}, Masks.magnitude(List.of(ties), 0.25).get(0),
                "exactly round(s n) zeros; ties by position");
    }

    @Test
    void perGroupMagnitudeSharesOneThreshold() {
        float[] small = {0.1f, 0.2f, 0.3f};
        float[] large = {10, 20, 0.05f};
        List<float[]> masks = Masks.magnitude(List.of(small, large), 0.5);
        assertArrayEquals(new float[] {0, 0, 1}, masks.get(0), "0.05, 0.1 and 0.2 are the 3 smallest of 6");
        assertArrayEquals(new float[] {1, 1, 0}, masks.get(1));
        assertArrayEquals(new float[] {0, 1, 0}, Masks.magnitude(List.of(large), 0.5).get(0),
                "alone, the large tensor loses 2 of its 3 entries");
    }

    @Test
    void specValidatesAndDescribesItself() throws Exception {
        SparsitySpec spec = new SparsitySpec(SparsitySpec.Method.RANDOM, 0.3, 7, SparsitySpec.Placement.TASK_VECTOR,
                SparsitySpec.Scope.PER_TENSOR, true, List.of("resblock 0", "head"), TensorFilter.WEIGHT_MATRICES);
        assertEquals("sparsity/v1;method=random;ratio=0.3;seed=7;placement=task-vector;scope=per-tensor;rescale=true;"
                + "filter=dims>=2,exclude=.*embedding.*;groups=resblock 0|head", spec.descriptor());
        assertEquals(1 / 0.7, spec.validated().keptScale(), 1e-12);
        assertThrows(RftException.class, () -> new SparsitySpec(SparsitySpec.Method.RANDOM, 0.3, 7,
                SparsitySpec.Placement.FINETUNED, SparsitySpec.Scope.PER_TENSOR, true, List.of(),
                TensorFilter.WEIGHT_MATRICES).validated());
        assertThrows(RftException.class, () -> new SparsitySpec(SparsitySpec.Method.RANDOM, 1.0, 7,
                SparsitySpec.Placement.TASK_VECTOR, SparsitySpec.Scope.PER_TENSOR, false, List.of(),
                TensorFilter.WEIGHT_MATRICES).validated());
    }

    @Test
    void defaultFilterKeepsWeightMatricesOnly() {
        TensorFilter f = TensorFilter.WEIGHT_MATRICES;
        assertTrue(f.accepts("visual.transformer.resblocks.0.attn.in_proj_weight", 2));
        assertTrue(f.accepts("visual.conv1.weight", 4));
        assertFalse(f.accepts("visual.transformer.resblocks.0.attn.in_proj_bias", 1));
        assertFalse(f.accepts("visual.ln_pre.weight", 1));
        assertFalse(f.accepts("visual.positional_embedding", 2));
    }

    @Test
    void controlGroupsAreSeededNonStragglersOfTheSameCount() {
        List<String> eligible = List.of("patch embedding", "resblock 0", "resblock 1", "resblock 2", "resblock 3",
                "head");
        List<String> stragglers = List.of("resblock 0", "resblock 2");
        List<String> c = SparsityExperiment.controlGroups(eligible, stragglers, 5);
        assertEquals(2, c.size());
        assertTrue(c.stream().noneMatch(stragglers::contains));
        assertEquals(c, SparsityExperiment.controlGroups(eligible, stragglers, 5));
        assertEquals(eligible.stream().filter(c::contains).toList(), c, "network order");
    }
}
