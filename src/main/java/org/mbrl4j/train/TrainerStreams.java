package org.mbrl4j.train;

import org.mbrl4j.rng.Rng;

/**
 * The trainer's Philox streams (seeded with the run seed). The agent uses 0x1000 (weight init) and
 * 0x2000..0x2002 (update, dropout, act); the envs draw resets from {@code Env.RESET_STREAM}.
 */
final class TrainerStreams {
    private TrainerStreams() {}

    /** Reset seeds of training episodes, indexed by episode ({@link EpisodeSeeds#train}). */
    static final long TRAIN_EPISODES = 0x3000;
    /** Reset seeds of evaluation episodes, indexed by episode ({@link EpisodeSeeds#eval}). */
    static final long EVAL_EPISODES = 0x3001;
    /** Uniform random actions while seeding. */
    static final long SEED_ACTIONS = 0x3002;
    /** Replay-buffer window sampling. */
    static final long BUFFER = 0x3003;
    /** Multi-gamma snapshots ({@link MultiGammaSnapshotLog}): their batch and their bootstrap draws. */
    static final long SNAPSHOTS = 0x3004;
    /** Evaluation figures ({@link org.mbrl4j.agent.EvalFigure}): their draws, per agent step ({@link #figure}). */
    static final long FIGURES = 0x3005;
    /** Blocks of the {@link #SNAPSHOTS} stream per agent step: 2^32, far more than one snapshot draws. */
    private static final int SNAPSHOT_BLOCKS_SHIFT = 32;

    /**
     * The stream of the snapshot at agent step {@code step}: blocks from step·2^32 on, a pure function
     * of (seed, step), so no counter is saved and a resumed run takes the same snapshots.
     */
    static Rng snapshot(long runSeed, long step) {
        return new Rng(runSeed, SNAPSHOTS, step << SNAPSHOT_BLOCKS_SHIFT);
    }

    /**
     * The stream of the evaluation figure at agent step {@code step}: blocks from step·2^32 on of its own
     * stream, a pure function of (seed, step) like {@link #snapshot}.
     */
    static Rng figure(long runSeed, long step) {
        return new Rng(runSeed, FIGURES, step << SNAPSHOT_BLOCKS_SHIFT);
    }
}
