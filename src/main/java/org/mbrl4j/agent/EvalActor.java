package org.mbrl4j.agent;

import org.mbrl4j.env.Observation;

/**
 * Acting in E evaluation episodes side by side (docs/tdmpc2.md#evaluation): one {@link #act} per env step
 * acts for every episode still running, in one batched plan. An actor draws only from its own random
 * streams, a pure function of (run seed, agent step), never from the agent's training streams, so an
 * evaluation moves no draw of training and {@code mbrl eval} on a checkpoint repeats the evaluation the
 * run logged at that step.
 */
public interface EvalActor extends AutoCloseable {

    /** E, the episodes this actor acts in. */
    int episodes();

    /**
     * Actions for the running episodes: {@code obs[e]} is episode e's observation, or null once it has
     * ended (its action is then null). Episodes run in EVAL mode.
     *
     * @throws IllegalArgumentException when {@code obs} does not have E entries, none is running, or an
     *     observation does not fit the run
     * @throws DivergedException when an action is not finite
     */
    float[][] act(Observation[] obs);

    /** What episode e's last act reported ({@link ActInfo#NONE} when it did not plan or has ended). */
    ActInfo lastActInfo(int episode);

    /** Releases the actor's device memory (its warm starts). */
    @Override
    void close();
}
