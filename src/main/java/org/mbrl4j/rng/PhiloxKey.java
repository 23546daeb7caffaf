package org.mbrl4j.rng;

/**
 * Addresses a run of Philox4x32-10 blocks: {@code key = seed}, block {@code j} of the run uses the
 * 128-bit counter {@code (counter + j, stream)} (low word first). A draw of {@code n} values consumes
 * {@code ceil(n / 4)} blocks; element {@code i} reads lane {@code i % 4} of block {@code i / 4}.
 * Both backends implement exactly this mapping, so the same key gives the same numbers everywhere.
 */
public record PhiloxKey(long seed, long stream, long counter) {

    /** The key for the run that starts {@code blocks} blocks later. */
    public PhiloxKey advance(long blocks) {
        return new PhiloxKey(seed, stream, counter + blocks);
    }

    /** Blocks consumed by a draw of {@code n} values. */
    public static long blocksFor(long n) {
        return (n + 3) / 4;
    }
}
