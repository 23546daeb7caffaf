package org.mbrl4j.backend.cpu;

import java.util.Arrays;
import org.mbrl4j.rng.Philox;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * One categorical draw per row (tdmpc2 common/math.py {@code gumbel_softmax_sample}, which samples an
 * index with probability p): row r uses the uniform of element r ({@link RandomBlocks}) and the
 * inverse-CDF rule {@link Rng#inverseCdf} (first k with cumsum_k > u · row sum, float sums left to
 * right), the same rule as the host draw {@link Rng#categorical}.
 *
 * <p>Shapes: probs (M, F) F32, non-negative with a positive finite row sum; out (M) I32.
 */
final class RandomCategorical {
    private RandomCategorical() {}

    static void draw(PhiloxKey key, Tensor probs, Tensor out, int rows) {
        float[] p = probs.floats();
        int[] o = out.ints();
        int po = probs.off(), oo = out.off(), k = probs.dim(-1);
        RandomBlocks.forEachBlock(key, rows, (block, first, lanes) -> {
            for (int l = 0; l < lanes; l++) {
                int r = first + l;
                int idx = Rng.inverseCdf(p, po + r * k, k, Philox.toUniform(block[l]));
                if (idx < 0) {
                    throw new IllegalArgumentException("categorical: probs row " + r + " "
                            + Arrays.toString(Arrays.copyOfRange(p, po + r * k, po + (r + 1) * k))
                            + " must be finite and >= 0 with a positive sum");
                }
                o[oo + r] = idx;
            }
        });
    }
}
