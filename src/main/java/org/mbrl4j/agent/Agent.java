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
     * @throws DivergedException when the training diverged ({@link #divergence()}), or the chosen action
     *     is not finite: no NaN action ever leaves the agent
     */
    float[] act(Observation obs, ActMode mode, long step);

    /** What {@link #act} reported about itself last; {@link ActInfo#NONE} when it did not plan. */
    ActInfo lastActInfo();

    /**
     * The act statistics summed on this agent's device, when it keeps them there (TD-MPC2 with captured
     * plans): then {@link #lastActInfo()} and the eval actors' infos stay readable only until the next
     * act, and the trainer reads the sums once per log record instead of an info per act. Empty (the
     * default): the trainer reads {@link #lastActInfo()} after every act.
     */
    default Optional<ActInfoSums> actInfoSums() {
        return Optional.empty();
    }

    /** Called when an episode starts (training or evaluation), before its first act. */
    void resetEpisode();

    /**
     * An actor for evaluation episodes {@code first .. first + episodes - 1} at agent step {@code step},
     * acting in all of them side by side from its own streams, a pure function of (seed, step, first)
     * ({@link EvalActor}); empty when this agent evaluates one episode at a time through {@link #act} in
     * {@link ActMode#EVAL} (its training streams then move).
     */
    default Optional<EvalActor> evalActor(int episodes, long step, int first) {
        return Optional.empty();
    }

    /**
     * When the trainer runs {@link #update}s: by default ({@link UpdateSchedule#PER_STEP}) the
     * seed_steps pretraining burst, then one per agent step.
     */
    default UpdateSchedule updateSchedule() {
        return UpdateSchedule.PER_STEP;
    }

    /**
     * The policy-only update pathway (the trainer's {@code policy_updates_per_step}), if this agent has a
     * policy prior to update alone.
     */
    default Optional<PolicyPriorUpdate> policyPriorUpdate() {
        return Optional.empty();
    }

    /** The world model's losses on held-out episodes (validation), if this agent has a world model to measure. */
    default Optional<HeldOutLosses> heldOutLosses() {
        return Optional.empty();
    }

    /**
     * Turns on gradient statistics in the metrics of every later {@link #update} (the trainer's
     * {@code log_grads}: gradient norms, parameter norms and update/parameter ratios per component).
     *
     * @return false when this agent has none to give (the default)
     */
    default boolean enableGradientLogging() {
        return false;
    }

    /** Periodic parameter resets (the trainer's reset_every), if this agent supports them. */
    default Optional<ParameterResets> parameterResets() {
        return Optional.empty();
    }

    /** What the trainer samples from the replay buffer for one {@link #update}. */
    BatchShape batchShape();

    /**
     * One learning step on {@code batch} (of {@link #batchShape()}); metrics by name, in a stable order.
     * No optimizer step is taken on a non-finite loss or gradient norm: the agent records the
     * {@link #divergence()} instead and from then on learns and acts no more.
     *
     * @throws DivergedException when this update found a non-finite value and the agent can tell without
     *     waiting for its device (TD-MPC2's eager update: its metrics are host values; a captured one
     *     reports through {@link #divergence()} and the metrics it is asked for), or an earlier one did
     */
    Map<String, Double> update(Batch batch);

    /**
     * {@link #update(Batch)}, telling the agent whether the caller will read the metrics: an agent that keeps
     * them on its device (TD-MPC2 with a captured update) downloads them only when {@code wantMetrics}, as the
     * means over the updates since its previous such read, and returns an empty map otherwise, and then finds a divergence when its metrics or {@link #divergence()}
     * are read. The trainer asks once per {@code log_every}. The default ignores the hint.
     */
    default Map<String, Double> update(Batch batch, boolean wantMetrics) {
        return update(batch);
    }

    /**
     * The first divergence of this agent's training, if any; it stays once set. The agent's
     * {@link #state()} after it holds finite values only: the state before the optimizer step that
     * would have taken the non-finite value. An agent that keeps the flag on its device reads it here
     * (one synchronization), so the trainer asks once per {@code log_every}, before every evaluation and
     * checkpoint, and at the end of a run, never per update.
     */
    Optional<Divergence> divergence();

    /**
     * Values this algorithm derived once from the run (TD-MPC2: the discount and the planner
     * iterations), by name, in print order; the run banner prints them.
     */
    Map<String, String> derivedValues();

    /** Diagnostics taken with every evaluation, if this agent has any. */
    Optional<EvalProbe> evalProbe();

    /** A picture drawn at every evaluation from one recorded evaluation episode, if this agent has one. */
    default Optional<EvalFigure> evalFigure() {
        return Optional.empty();
    }

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
