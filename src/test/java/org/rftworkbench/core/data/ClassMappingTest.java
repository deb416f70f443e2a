package org.rftworkbench.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassMappingTest {
    private static final List<String> HEAD = List.of("cat", "dog", "fish", "bird", "frog");

    @Test
    void subsetMapsByName() throws Exception {
        ClassMapping m = ClassMapping.between(List.of("dog", "bird"), HEAD, "r-set");
        assertArrayEquals(new int[] {1, 3}, m.headIndexOfDatasetClass());
        assertEquals(3, m.headIndexOf(1));
        assertArrayEquals(new int[] {1, 3}, m.usedHeadIndices());
        assertTrue(m.isSubset());
        assertFalse(m.isIdentity());
        assertEquals(5, m.headClassCount());
    }

    @Test
    void sameClassesInOrderIsIdentity() throws Exception {
        ClassMapping m = ClassMapping.between(HEAD, HEAD, "full");
        assertTrue(m.isIdentity());
        assertFalse(m.isSubset());
        ClassMapping permuted = ClassMapping.between(List.of("dog", "cat", "fish", "bird", "frog"), HEAD, "p");
        assertFalse(permuted.isIdentity());
        assertFalse(permuted.isSubset());
        assertArrayEquals(new int[] {1, 0, 2, 3, 4}, permuted.headIndexOfDatasetClass());
    }

    @Test
    void missingClassesAreListed() {
        DataException e = assertThrows(DataException.class, () -> ClassMapping.between(
                List.of("cat", "Dog", "a", "b", "c", "d", "e"), HEAD, "data/imagenet-r"));
        assertEquals("data/imagenet-r: 6 of 7 dataset classes are not in the model head: "
                + "'Dog', 'a', 'b', 'c', 'd', ...", e.getMessage());
    }

    @Test
    void ambiguousHeadNameIsAnError() {
        DataException e = assertThrows(DataException.class, () -> ClassMapping.between(
                List.of("cat"), List.of("cat", "dog", "cat"), "x"));
        assertEquals("x: class 'cat' appears more than once in the model head", e.getMessage());
    }
}
