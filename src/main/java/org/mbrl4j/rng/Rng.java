package org.mbrl4j.rng;

import java.util.Arrays;

/**
 * Host-side draws from one Philox stream: a (seed, stream) pair and a block counter that advances
 * with every draw, so a saved counter resumes the exact sequence ({@link #counter()},
 * {@link #Rng(long, long, long)}). Each scalar draw consumes one whole block (4 words), which keeps
 * the mapping from counter to value trivial to reproduce on device.
 *
 * <p>Counter consumption: {@link #uniform()}, {@link #normal()}, {@link #randint}, {@link #categorical}
 * one block each (lane 0); {@link #permutation}{@code (n)} n - 1 blocks; {@link #fillUniform} and
 * {@link #fillNormal} of n values {@code ceil(n / 4)} blocks, laid out exactly as the tensor draws of
 * {@code RandomOps} with the key {@link #reserve}{@code (n)} would return.
 */
public final class Rng {
    private final long seed;
    private final long stream;
    private long counter;
    private final int[] block = new int[4];

    public Rng(long seed, long stream) {
        this(seed, stream, 0);
    }

    public Rng(long seed, long stream, long counter) {
        this.seed = seed;
        this.stream = stream;
        this.counter = counter;
    }

    public long seed() {
        return seed;
    }

    public long stream() {
        return stream;
    }

    /** Moves the stream to block {@code counter} (resuming from a checkpoint). */
    public void setCounter(long counter) {
        this.counter = counter;
    }

    /** The next unused block index. */
    public long counter() {
        return counter;
    }

    /**
     * Reserves the blocks for a draw of {@code n} values made elsewhere (a device kernel, a tensor
     * fill) and returns their key.
     */
    public PhiloxKey reserve(long n) {
        PhiloxKey k = new PhiloxKey(seed, stream, counter);
        counter += PhiloxKey.blocksFor(n);
        return k;
    }

    private int[] nextBlock() {
        Philox.block(new PhiloxKey(seed, stream, counter++), 0, block);
        return block;
    }

    /** Uniform in [0, 1). */
    public float uniform() {
        return Philox.toUniform(nextBlock()[0]);
    }

    public float uniform(float lo, float hi) {
        return lo + (hi - lo) * uniform();
    }

    /** Standard normal. */
    public float normal() {
        return Philox.normalLane(nextBlock(), 0);
    }

    /** Integer in [lo, hi). */
    public int randint(int lo, int hi) {
        if (hi <= lo) {
            throw new IllegalArgumentException("randint: empty range [" + lo + ", " + hi + ")");
        }
        return Philox.toInt(nextBlock()[0], lo, hi);
    }

    /**
     * An index drawn with probability proportional to {@code probs} (non-negative, positive finite sum):
     * {@link #inverseCdf} of one uniform, the same rule as the tensor draw {@code RandomOps.categorical}.
     */
    public int categorical(float[] probs) {
        int k = inverseCdf(probs, 0, probs.length, uniform());
        if (k < 0) {
            throw new IllegalArgumentException("categorical: probs " + Arrays.toString(probs)
                    + " must be finite and >= 0 with a positive sum");
        }
        return k;
    }

    /**
     * A uniformly random permutation of 0..n-1 by Fisher-Yates: for i = n-1 down to 1, swap a[i] with
     * a[j], j = randint(0, i + 1). Consumes n - 1 blocks (none for n <= 1).
     */
    public int[] permutation(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("permutation: n=" + n + " must be >= 0");
        }
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = randint(0, i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /** Fills out with lo + (hi - lo) · u; element i from lane i % 4 of block i / 4 of reserve(n). */
    public void fillUniform(float[] out, float lo, float hi) {
        PhiloxKey key = reserve(out.length);
        float range = hi - lo;
        int[] b = new int[4];
        for (int i = 0; i < out.length; i++) {
            if ((i & 3) == 0) {
                Philox.block(key, i >>> 2, b);
            }
            out[i] = lo + range * Philox.toUniform(b[i & 3]);
        }
    }

    /** Fills out with mean + std · n; element i from lane i % 4 of block i / 4 of reserve(n). */
    public void fillNormal(float[] out, float mean, float std) {
        PhiloxKey key = reserve(out.length);
        int[] b = new int[4];
        for (int i = 0; i < out.length; i++) {
            if ((i & 3) == 0) {
                Philox.block(key, i >>> 2, b);
            }
            out[i] = mean + std * Philox.normalLane(b, i & 3);
        }
    }

    /**
     * The inverse-CDF rule shared by host and tensor categorical draws: the first k in
     * [0, count) with {@code cumsum_k > u · Σ_j p_j}, sums in float from left to right, u in [0, 1).
     * Zero entries are never chosen; when rounding leaves no cumsum above the threshold the last
     * positive entry is returned. Returns -1 if an entry is negative or not finite, or the sum is not
     * positive and finite.
     */
    public static int inverseCdf(float[] probs, int offset, int count, float u) {
        float total = 0f;
        int lastPositive = -1;
        for (int j = 0; j < count; j++) {
            float p = probs[offset + j];
            if (!(p >= 0f) || p == Float.POSITIVE_INFINITY) {
                return -1;
            }
            total += p;
            if (p > 0f) {
                lastPositive = j;
            }
        }
        if (!(total > 0f) || total == Float.POSITIVE_INFINITY) {
            return -1;
        }
        float threshold = u * total;
        float cum = 0f;
        for (int j = 0; j < count; j++) {
            cum += probs[offset + j];
            if (cum > threshold) {
                return j;
            }
        }
        return lastPositive;
    }
}
