package org.mbrl4j.backend.cpu;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.mbrl4j.rng.PhiloxKey;

/**
 * Philox4x32-10 blocks in vector lanes, one block per 64-bit lane, for dropout masks: the same rounds
 * as {@link org.mbrl4j.rng.Philox#block}, each 32-bit word held zero-extended in a long lane so that
 * one long multiply gives the full 64-bit product whose high and low halves a round needs. The words
 * are therefore exactly the scalar generator's.
 *
 * <p>The keep test {@code toUniform(bits) >= p} is done on integers: {@code toUniform} is
 * {@code (bits >>> 8)·2^-24}, exact in float, so it is {@code >= p} exactly when {@code bits >>> 8 >=
 * ceil(p·2^24)} (p·2^24 is exact in double). A NaN p keeps nothing, as the float comparison does.
 */
final class PhiloxLanes {
    private PhiloxLanes() {}

    private static final long M0 = 0xD2511F53L;
    private static final long M1 = 0xCD9E8D57L;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final int ROUNDS = 10;
    private static final long LOW = 0xFFFFFFFFL;

    /** One block per lane: 8 lanes at 512 bits (null when vectors are disabled). */
    static final VectorSpecies<Long> S = VectorWidth.enabled()
            ? VectorSpecies.of(long.class, VectorShape.forBitSize(VectorWidth.BITS))
            : null;

    /** Blocks one call of {@link #keepMask} handles: whole lane groups. */
    static int blocksPerGroup() {
        return S == null ? 0 : S.length();
    }

    /** The smallest 24-bit value t with t·2^-24 >= p (Long.MAX_VALUE for NaN: nothing passes). */
    static long threshold(float p) {
        if (Float.isNaN(p)) {
            return Long.MAX_VALUE;
        }
        return (long) Math.ceil(p * 16777216.0);
    }

    /**
     * mask[mo + 4·b + w] = keep ? scale : 0 for word w of block firstBlock + b of the key's run,
     * b < groups·{@link #blocksPerGroup()}; keep is {@code bits >>> 8 >= threshold}.
     */
    static void keepMask(PhiloxKey key, long firstBlock, int groups, long threshold, float scale, float[] mask,
            int mo) {
        int lanes = S.length();
        LongVector lane = LongVector.zero(S).addIndex(1);
        int s0 = (int) key.stream();
        int s1 = (int) (key.stream() >>> 32);
        int key0 = (int) key.seed();
        int key1 = (int) (key.seed() >>> 32);
        for (int g = 0; g < groups; g++) {
            LongVector counter = lane.add(key.counter() + firstBlock + (long) g * lanes);
            LongVector c0 = counter.and(LOW);
            LongVector c1 = counter.lanewise(VectorOperators.LSHR, 32);
            LongVector c2 = LongVector.broadcast(S, s0 & LOW);
            LongVector c3 = LongVector.broadcast(S, s1 & LOW);
            int k0 = key0;
            int k1 = key1;
            for (int r = 0; r < ROUNDS; r++) {
                if (r > 0) {
                    k0 += W0;
                    k1 += W1;
                }
                LongVector p0 = c0.mul(M0);
                LongVector p1 = c2.mul(M1);
                c0 = p1.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, c1).lanewise(
                        VectorOperators.XOR, k0 & LOW);
                c1 = p1.and(LOW);
                c2 = p0.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, c3).lanewise(
                        VectorOperators.XOR, k1 & LOW);
                c3 = p0.and(LOW);
            }
            int base = mo + g * lanes * 4;
            write(keep(c0, threshold), 0, scale, mask, base, lanes);
            write(keep(c1, threshold), 1, scale, mask, base, lanes);
            write(keep(c2, threshold), 2, scale, mask, base, lanes);
            write(keep(c3, threshold), 3, scale, mask, base, lanes);
        }
    }

    private static long keep(LongVector word, long threshold) {
        VectorMask<Long> m = word.lanewise(VectorOperators.LSHR, 8).compare(VectorOperators.GE, threshold);
        return m.toLong();
    }

    private static void write(long keepBits, int word, float scale, float[] mask, int base, int lanes) {
        for (int l = 0; l < lanes; l++) {
            mask[base + 4 * l + word] = (keepBits >>> l & 1) != 0 ? scale : 0f;
        }
    }
}
