package org.mbrl4j.train;

import org.mbrl4j.rng.Philox;
import org.mbrl4j.rng.PhiloxKey;

/**
 * Env reset seeds, a pure function of (run seed, purpose, episode index) through one Philox block,
 * so a resumed run starts the same episodes as an uninterrupted one and no counter needs saving.
 * Training episode i uses {@link #train}(seed, i). Evaluation episode i uses {@link #eval}(seed, i)
 * at every evaluation: each evaluation (and {@code mbrl eval}) sees the same initial states, so
 * points on the eval curve differ by the agent only.
 */
public final class EpisodeSeeds {
    private EpisodeSeeds() {}

    public static long train(long runSeed, long episode) {
        return seed(runSeed, TrainerStreams.TRAIN_EPISODES, episode);
    }

    public static long eval(long runSeed, long episode) {
        return seed(runSeed, TrainerStreams.EVAL_EPISODES, episode);
    }

    private static long seed(long runSeed, long stream, long index) {
        int[] block = new int[4];
        Philox.block(new PhiloxKey(runSeed, stream, index), 0, block);
        return ((long) block[0] << 32) | (block[1] & 0xFFFF_FFFFL);
    }
}
