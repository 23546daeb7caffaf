package org.mbrl4j.agent;

import java.util.Map;
import java.util.Optional;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.config.Algorithm;
import org.mbrl4j.env.Observation;

/**
 * A learning agent as the trainer, the evaluator, checkpoints and the CLI see it, whatever its
 * algorithm ({@link Algorithm}). All of its randomness comes from streams whose counters are part of
 * its {@link #state()}, so a restored agent continues the same sequence.
 */
public interface Agent extends AutoCloseable {

    /** The algorithm this agent implements; written into checkpoints. */
    Algorithm algorithm();

    /**
     * An action in [-1, 1]^A for {@code obs} at agent step {@code step}.
     *
     * @throws IllegalArgumentException when {@code obs} does not fit the run's observation spec, or is
     *     of a type this algorithm does not take
     */
    float[] act(Observation obs, ActMode mode, long step);

    /** What {@link #act} reported about itself last; {@link ActInfo#NONE} when it did not plan. */
    ActInfo lastActInfo();

    /** Called when an episode starts (training or evaluation), before its first act. */
    void resetEpisode();

    /** What the trainer samples from the replay buffer for one {@link #update}. */
    BatchShape batchShape();

    /** One learning step on {@code batch} (of {@link #batchShape()}); metrics by name, in a stable order. */
    Map<String, Double> update(Batch batch);

    /**
     * Values this algorithm derived once from the run (TD-MPC2: the discount and the planner
     * iterations), by name, in print order; the run banner prints them.
     */
    Map<String, String> derivedValues();

    /** Diagnostics taken with every evaluation, if this agent has any. */
    Optional<EvalProbe> evalProbe();

    /** Everything needed to continue bit for bit, for checkpoints. */
    AgentState state();

    /**
     * Restores a state from {@link #state()} of an agent of the same algorithm and architecture.
     *
     * @throws IllegalArgumentException naming every missing, unexpected or misshapen entry
     */
    void restore(AgentState state);

    /** Parameter counts per component, in print order. */
    Map<String, Long> parameterCounts();

    /** Releases the agent's device memory. */
    @Override
    void close();
}
