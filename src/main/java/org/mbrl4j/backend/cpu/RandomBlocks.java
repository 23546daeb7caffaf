package org.mbrl4j.backend.cpu;

import org.mbrl4j.rng.Philox;
import org.mbrl4j.rng.PhiloxKey;

/**
 * The element → Philox mapping of {@link PhiloxKey}, as a parallel loop: element {@code i} of a draw
 * of {@code n} values reads lane {@code i % 4} of block {@code i / 4} of the key's run. Each task
 * computes whole blocks, so the result does not depend on how the range is split.
 */
final class RandomBlocks {
    private RandomBlocks() {}

    /** Rough cost of one Philox4x32-10 block (10 rounds of two 32x32 multiplies) plus its 4 lanes. */
    static final long COST_PER_BLOCK = 80;

    /** Receives block {@code b} (lanes for elements {@code 4b .. 4b + lanes - 1}). */
    @FunctionalInterface
    interface BlockBody {
        void run(int[] block, int firstElement, int lanes);
    }

    static void forEachBlock(PhiloxKey key, int n, BlockBody body) {
        int blocks = Math.toIntExact(PhiloxKey.blocksFor(n));
        Parallel.forRange(blocks, COST_PER_BLOCK, (from, until) -> {
            int[] block = new int[4];
            for (int b = from; b < until; b++) {
                Philox.block(key, b, block);
                int first = 4 * b;
                body.run(block, first, Math.min(4, n - first));
            }
        });
    }
}
