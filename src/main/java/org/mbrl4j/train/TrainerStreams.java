package org.mbrl4j.train;

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
}
