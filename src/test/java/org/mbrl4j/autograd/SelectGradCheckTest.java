package org.mbrl4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.GradCheck;
import org.mbrl4j.testing.TestRandom;

/** Top-k values backward against central differences on distinct inputs. */
class SelectGradCheckTest {
    /** Spacing of the distinct inputs: larger than 2h + noise, so a finite-difference step never reorders them. */
    private static final double SPACING = 0.05;
    private static final double NOISE = 0.01;

    private final Backend be = new CpuBackend();

    @Test
    void topkValues() {
        TestRandom rnd = new TestRandom();
        int rows = 3, c = 10, k = 4;
        Rng rng = new Rng(rnd.nextLong(), 0);
        float[] x = new float[rows * c];
        for (int r = 0; r < rows; r++) {
            int[] perm = rng.permutation(c);
            for (int i = 0; i < c; i++) {
                x[r * c + i] = (float) (perm[i] * SPACING + rnd.uniform(0, NOISE));
            }
        }
        Tensor t = be.tensor(DType.F32, true, rows, c);
        be.upload(x, 0, t);
        GradCheck.of("topk values").check(be, rnd, List.of(t), g -> SelectFn.topk(g, t, k).values());
        try (Graph g = new Graph(be)) {
            int[] idx = be.toIntArray(SelectFn.topk(g, t, k).indices());
            for (int r = 0; r < rows; r++) {
                int[] expected = new int[k];
                for (int j = 0; j < k; j++) {
                    float best = Float.NEGATIVE_INFINITY;
                    for (int i = 0; i < c; i++) {
                        boolean taken = false;
                        for (int q = 0; q < j; q++) {
                            taken |= expected[q] == i;
                        }
                        if (!taken && x[r * c + i] > best) {
                            best = x[r * c + i];
                            expected[j] = i;
                        }
                    }
                }
                int[] got = Arrays.copyOfRange(idx, r * k, (r + 1) * k);
                assertArrayEquals(expected, got, "row " + r + " seed " + rnd.seed());
            }
        }
    }
}
