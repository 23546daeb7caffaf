package org.mbrl4j.train;

/**
 * The online trainer's own state between two agent steps: with the agent's state and the replay
 * buffer it is everything a resumed run needs to continue bit for bit. A checkpoint is taken at an
 * episode boundary (or at the end of the run), so no env state needs saving: the resumed run starts
 * the next training episode with seed {@link EpisodeSeeds#train}(seed, {@code episodesStarted}).
 *
 * @param step               the next agent step to run (= agent steps done)
 * @param episodesStarted    training episodes started so far
 * @param updates            gradient updates done so far
 * @param seedActionCounter  Philox counter of the random seeding actions
 * @param bufferCounter      Philox counter of the replay-buffer sampling
 * @param lastEpisodeReward  return of the last finished training episode (NaN before the first)
 * @param lastEvalReward     mean return of the last evaluation (NaN before the first)
 * @param elapsedSeconds     wall time spent training so far, over all resumed parts
 * @param cpuSeconds         process CPU time spent training so far, over all resumed parts (RunClock)
 * @param evalPending        an evaluation is due at the next episode boundary
 * @param checkpointPending  a checkpoint is due at the next episode boundary
 */
public record TrainerState(long step, long episodesStarted, long updates, long seedActionCounter,
        long bufferCounter, double lastEpisodeReward, double lastEvalReward, double elapsedSeconds,
        double cpuSeconds, boolean evalPending, boolean checkpointPending) {

    public static TrainerState initial() {
        return new TrainerState(0, 0, 0, 0, 0, Double.NaN, Double.NaN, 0, 0, false, false);
    }
}
