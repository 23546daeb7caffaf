package org.mbrl4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.SelectOps;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/** Top-k against a full sort done here: descending, ties to the smaller index, NaN last. */
class SelectOpsTest {
    private final Backend be = new CpuBackend();
    private final SelectOps ops = be.select();

    /** The expected order of one row: a stable sort of indices by value descending, NaN after all numbers. */
    private static Integer[] sortedIndices(float[] x, int off, int c) {
        Integer[] idx = new Integer[c];
        for (int i = 0; i < c; i++) {
            idx[i] = i;
        }
        Comparator<Integer> byValue = (a, b) -> {
            float va = x[off + a], vb = x[off + b];
            boolean na = Float.isNaN(va), nb = Float.isNaN(vb);
            if (na || nb) {
                return Boolean.compare(na, nb);
            }
            return va > vb ? -1 : va < vb ? 1 : 0; // -0.0 == 0.0: a tie
        };
        Arrays.sort(idx, byValue); // stable: equal values keep index order
        return idx;
    }

    private void checkAgainstSort(TestRandom rnd, float[] x, int rows, int c, int k, String what) {
        Tensor values = be.zeros(rows, k);
        Tensor indices = be.tensor(DType.I32, false, rows, k);
        ops.topk(be.fromArray(x, rows, c), k, values, indices);
        float[] v = be.toArray(values);
        int[] ix = be.toIntArray(indices);
        for (int r = 0; r < rows; r++) {
            Integer[] expected = sortedIndices(x, r * c, c);
            for (int j = 0; j < k; j++) {
                String at = what + " row " + r + " rank " + j + " (C=" + c + ", k=" + k + ") seed " + rnd.seed();
                assertEquals(expected[j].intValue(), ix[r * k + j], "index; " + at);
                assertEquals(Float.floatToRawIntBits(x[r * c + expected[j]]), Float.floatToRawIntBits(v[r * k + j]),
                        "value; " + at);
            }
        }
    }

    @Test
    void matchesSortingOnRandomRows() {
        TestRandom rnd = new TestRandom();
        for (int trial = 0; trial < 10; trial++) {
            int rows = rnd.nextInt(1, 20), c = rnd.nextInt(1, 600), k = rnd.nextInt(1, c + 1);
            checkAgainstSort(rnd, rnd.floats(rows * c, -10, 10), rows, c, k, "random");
        }
    }

    @Test
    void tiesGoToTheSmallerIndex() {
        TestRandom rnd = new TestRandom();
        int rows = 8, c = 100;
        float[] x = new float[rows * c];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextInt(5) - 2; // five distinct values: many ties
        }
        x[3] = -0.0f;
        x[4] = 0.0f;
        checkAgainstSort(rnd, x, rows, c, 37, "ties");
        checkAgainstSort(rnd, x, rows, c, c, "ties, k = C");
    }

    @Test
    void nanRanksBelowEveryNumber() {
        TestRandom rnd = new TestRandom();
        int rows = 4, c = 50;
        float[] x = rnd.floats(rows * c, -5, 5);
        for (int i = 0; i < x.length; i += 3) {
            x[i] = Float.NaN;
        }
        x[1] = Float.NEGATIVE_INFINITY;
        checkAgainstSort(rnd, x, rows, c, 40, "NaN");
        checkAgainstSort(rnd, x, rows, c, c, "NaN, k = C");
        float[] allNaN = new float[7];
        Arrays.fill(allNaN, Float.NaN);
        checkAgainstSort(rnd, allNaN, 1, 7, 3, "all NaN");
    }

    @Test
    void kEqualsCIsAFullSortAndLeadingDimsAreRows() {
        TestRandom rnd = new TestRandom();
        float[] x = rnd.floats(2 * 3 * 9, -1, 1);
        checkAgainstSort(rnd, x, 6, 9, 9, "k = C");
        Tensor values = be.zeros(2, 3, 4);
        Tensor indices = be.tensor(DType.I32, false, 2, 3, 4);
        ops.topk(be.fromArray(x, 2, 3, 9), 4, values, indices);
        Tensor flatValues = be.zeros(6, 4);
        ops.topk(be.fromArray(x, 6, 9), 4, flatValues, be.tensor(DType.I32, false, 6, 4));
        assertArrayEquals(be.toArray(flatValues), be.toArray(values), "(2,3,C) equals (6,C); seed " + rnd.seed());
    }

    @Test
    void backwardScattersAndAccumulates() {
        TestRandom rnd = new TestRandom();
        int rows = 3, c = 11, k = 4;
        int[] idx = new int[rows * k];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < k; j++) {
                idx[r * k + j] = (r + 3 * j) % c;
            }
        }
        float[] dv = rnd.floats(rows * k, -1, 1);
        float[] dx0 = rnd.floats(rows * c, -1, 1);
        Tensor dx = be.fromArray(dx0, rows, c);
        ops.topkBackward(be.fromArray(idx, rows, k), be.fromArray(dv, rows, k), dx);
        float[] expected = dx0.clone();
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < k; j++) {
                expected[r * c + idx[r * k + j]] += dv[r * k + j];
            }
        }
        assertArrayEquals(expected, be.toArray(dx), "seed " + rnd.seed());
        Tensor bad = be.fromArray(new int[] {0, c}, 1, 2);
        assertThrows(IllegalArgumentException.class, () -> ops.topkBackward(bad, be.zeros(1, 2), be.zeros(1, c)));
    }

    @Test
    void rejectsKOutOfRangeAndBadOutputs() {
        Tensor x = be.zeros(2, 5);
        var e = assertThrows(IllegalArgumentException.class,
                () -> ops.topk(x, 6, be.zeros(2, 6), be.tensor(DType.I32, false, 2, 6)));
        assertTrue(e.getMessage().contains("topk") && e.getMessage().contains("k=6") && e.getMessage().contains("F=5"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ops.topk(x, 0, be.zeros(2, 0), be.tensor(DType.I32, false, 2, 0)));
        assertThrows(IllegalArgumentException.class, () -> ops.topk(x, 2, be.zeros(2, 2), be.zeros(2, 2)));
        assertThrows(IllegalArgumentException.class, () -> ops.topk(x, 2, be.zeros(2, 3), be.tensor(DType.I32, false, 2, 2)));
    }
}
