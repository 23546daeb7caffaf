package org.mbrl4j.rng;

/**
 * Host-side draws from one Philox stream: a (seed, stream) pair and a block counter that advances
 * with every draw, so a saved counter resumes the exact sequence ({@link #counter()},
 * {@link #Rng(long, long, long)}). Each scalar draw consumes one whole block (4 words), which keeps
 * the mapping from counter to value trivial to reproduce on device.
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
}
