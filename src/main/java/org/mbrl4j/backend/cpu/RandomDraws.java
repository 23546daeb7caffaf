package org.mbrl4j.backend.cpu;

import org.mbrl4j.rng.Philox;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Tensor;

/**
 * Uniform, normal and integer draws into a tensor, element {@code i} from lane {@code i % 4} of
 * block {@code i / 4} ({@link RandomBlocks}):
 * <ul>
 *   <li>uniform: {@code lo + (hi - lo) · u}, {@code u = }{@link Philox#toUniform} (float multiply, then
 *       add: a CUDA kernel must use {@code __fmul_rn}/{@code __fadd_rn} so no FMA contraction breaks
 *       bitwise parity). Float rounding can give {@code hi} itself when u is within 2^-24 of 1.</li>
 *   <li>normal: {@code mean + std · n}, n = {@link Philox#normalLane}: elements 4j, 4j+1 are the
 *       Box-Muller pair of lanes (0,1) of block j, elements 4j+2, 4j+3 that of lanes (2,3).</li>
 *   <li>randint (I32): {@link Philox#toInt}, {@code lo + floor(bits · (hi - lo) / 2^32)}.</li>
 * </ul>
 */
final class RandomDraws {
    private RandomDraws() {}

    static void uniform(PhiloxKey key, float lo, float hi, Tensor out) {
        float[] o = out.floats();
        int oo = out.off();
        float range = hi - lo;
        RandomBlocks.forEachBlock(key, out.size(), (block, first, lanes) -> {
            for (int l = 0; l < lanes; l++) {
                o[oo + first + l] = lo + range * Philox.toUniform(block[l]);
            }
        });
    }

    static void normal(PhiloxKey key, float mean, float std, Tensor out) {
        float[] o = out.floats();
        int oo = out.off();
        RandomBlocks.forEachBlock(key, out.size(), (block, first, lanes) -> {
            for (int l = 0; l < lanes; l++) {
                o[oo + first + l] = mean + std * Philox.normalLane(block, l);
            }
        });
    }

    static void randint(PhiloxKey key, int lo, int hi, Tensor out) {
        int[] o = out.ints();
        int oo = out.off();
        RandomBlocks.forEachBlock(key, out.size(), (block, first, lanes) -> {
            for (int l = 0; l < lanes; l++) {
                o[oo + first + l] = Philox.toInt(block[l], lo, hi);
            }
        });
    }
}
