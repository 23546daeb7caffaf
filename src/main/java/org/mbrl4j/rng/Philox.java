package org.mbrl4j.rng;

/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11), the
 * counter-based generator of both backends. A block is a pure function of a 128-bit counter and a
 * 64-bit key; {@link PhiloxKey} fixes how (seed, stream, counter) map onto them. The CUDA kernels
 * ({@code kernels/philox.cuh}) implement the same rounds and the same float conversions.
 */
public final class Philox {
    private Philox() {}

    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    /** Weyl key increments: golden ratio and sqrt(3) - 1, as 32-bit fractions. */
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final int ROUNDS = 10;
    /** 2^-24: a 24-bit integer times this is a float in [0, 1) without rounding. */
    private static final float TWO_POW_MINUS_24 = 0x1.0p-24f;
    private static final float TWO_PI = (float) (2 * Math.PI);

    /** The raw block for counter (c0..c3) and key (k0, k1); writes 4 words into {@code out}. */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int r = 0; r < ROUNDS; r++) {
            if (r > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int hi0 = (int) (p0 >>> 32);
            int lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32);
            int lo1 = (int) p1;
            c0 = hi1 ^ c1 ^ k0;
            c1 = lo1;
            c2 = hi0 ^ c3 ^ k1;
            c3 = lo0;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }

    /** Block {@code index} of the run addressed by {@code key}: counter (key.counter + index, key.stream). */
    public static void block(PhiloxKey key, long index, int[] out) {
        long c = key.counter() + index;
        block((int) c, (int) (c >>> 32), (int) key.stream(), (int) (key.stream() >>> 32), (int) key.seed(),
                (int) (key.seed() >>> 32), out);
    }

    /** Uniform in [0, 1): the top 24 bits of a word. */
    public static float toUniform(int bits) {
        return (bits >>> 8) * TWO_POW_MINUS_24;
    }

    /** Uniform in (0, 1]: safe for log in Box-Muller. */
    public static float toUniformOpenZero(int bits) {
        return ((bits >>> 8) + 1) * TWO_POW_MINUS_24;
    }

    /**
     * Standard normals by Box-Muller from one block: lanes (0,1) give n0 = r0 cos θ0, n1 = r0 sin θ0
     * and lanes (2,3) give n2, n3 likewise, with r = sqrt(-2 ln u), u in (0,1], θ = 2π v, v in [0,1).
     */
    public static float normalLane(int[] block, int lane) {
        int pair = lane & ~1;
        float u = toUniformOpenZero(block[pair]);
        float v = toUniform(block[pair + 1]);
        float r = (float) Math.sqrt(-2.0f * (float) Math.log(u));
        float theta = TWO_PI * v;
        return (lane & 1) == 0 ? r * (float) Math.cos(theta) : r * (float) Math.sin(theta);
    }

    /** Integer in [lo, hi) from one word: lo + floor(bits · (hi - lo) / 2^32). */
    public static int toInt(int bits, int lo, int hi) {
        long range = (long) hi - lo;
        return (int) (lo + (((bits & 0xFFFFFFFFL) * range) >>> 32));
    }
}
