package org.nnj.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stratified k-fold: the test folds partition the rows, keep the class proportions, and are seeded. */
class FoldsTest {
    @Test
    void foldsPartitionTheRowsAndKeepTheProportions() {
        int[] classes = new int[100];
        for (int i = 0; i < 100; i++) {
            classes[i] = i < 80 ? 0 : 1; // 4:1
        }
        List<Split.Indices> folds = Split.stratifiedFolds(classes, 5, 3);
        assertEquals(5, folds.size());
        int[] seen = new int[100];
        for (Split.Indices f : folds) {
            assertEquals(20, f.test().length);
            assertEquals(80, f.train().length);
            long positives =
                    Arrays.stream(f.test()).filter(i -> classes[i] == 1).count();
            assertEquals(4, positives, "each test fold holds a fifth of each class");
            for (int i : f.test()) {
                seen[i]++;
            }
            for (int i : f.train()) {
                assertTrue(Arrays.stream(f.test()).noneMatch(t -> t == i), "train and test are disjoint");
            }
        }
        assertTrue(Arrays.stream(seen).allMatch(c -> c == 1), "every row is tested exactly once");
        assertEquals(
                Arrays.toString(folds.get(2).test()),
                Arrays.toString(Split.stratifiedFolds(classes, 5, 3).get(2).test()));
        assertThrows(IllegalArgumentException.class, () -> Split.stratifiedFolds(classes, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> Split.stratifiedFolds(classes, 101, 3));
    }
}
