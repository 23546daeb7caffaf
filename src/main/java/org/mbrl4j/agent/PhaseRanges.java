package org.mbrl4j.agent;

/**
 * The names of the profiler ranges ({@link org.mbrl4j.backend.Backend#range}) the agent opens, in one
 * place so that profiles stay comparable across versions. Nesting (indent = one level deeper):
 * <pre>
 * act                       Tdmpc2Agent.act
 *   encode                    h(o): the observation to z0
 *   plan                      Planner.plan / planEach (evaluation's batched plan opens it too)
 *     warm_start                the initial mean from prev_mean, std = max_std
 *     policy_seeds              the scorer's fixed candidates (MPPI: policy-seeded trajectories; CEM: none)
 *     iteration 0 .. k-1        one per planner iteration
 *       sample                    Gaussian action sequences
 *       rollout                   latent rollout of the samples, joined to the fixed candidates
 *       score                     values, disagreements, combined scores
 *       refit                     top-K elites, weights, mean/std refit
 *     choose                    the action, the infos, prev_mean = final mean
 *   policy_prior              instead of plan when mpc=false: the policy acts
 * update                    Tdmpc2Update.update (the batch upload runs here, before td_target)
 *   td_target                 encode the next observations, TD targets (no grad)
 *   world_model_loss          latent rollout, consistency, reward, value (and optional) losses
 *   world_model_backward      backward of the world-model loss
 *   world_model_optimizer     grad clip, the loss read-back (a device sync), the divergence check, Adam
 *   policy                    the policy update on detached latents (then the entropy read-backs)
 *     policy_loss               sample, Q, running scale (a device sync), the loss
 *     policy_backward           backward of the policy loss
 *     policy_optimizer          grad clip, the loss read-back, the divergence check, Adam
 *   target_update             Polyak average into the target Q heads
 * </pre>
 * Every name is a constant; the iteration names are built once per planner by {@link #iterations}.
 */
public final class PhaseRanges {
    private PhaseRanges() {}

    public static final String ACT = "act";
    public static final String ENCODE = "encode";
    public static final String POLICY_PRIOR = "policy_prior";

    public static final String PLAN = "plan";
    public static final String WARM_START = "warm_start";
    public static final String POLICY_SEEDS = "policy_seeds";
    public static final String SAMPLE = "sample";
    public static final String ROLLOUT = "rollout";
    public static final String SCORE = "score";
    public static final String REFIT = "refit";
    public static final String CHOOSE = "choose";

    public static final String UPDATE = "update";
    public static final String TD_TARGET = "td_target";
    public static final String WORLD_MODEL_LOSS = "world_model_loss";
    public static final String WORLD_MODEL_BACKWARD = "world_model_backward";
    public static final String WORLD_MODEL_OPTIMIZER = "world_model_optimizer";
    public static final String POLICY = "policy";
    public static final String POLICY_LOSS = "policy_loss";
    public static final String POLICY_BACKWARD = "policy_backward";
    public static final String POLICY_OPTIMIZER = "policy_optimizer";
    public static final String TARGET_UPDATE = "target_update";

    /** The prefix of the iteration ranges: "iteration 0", "iteration 1", ... */
    public static final String ITERATION_PREFIX = "iteration ";

    /** "iteration 0" .. "iteration {count-1}", built once so that no plan builds a string. */
    public static String[] iterations(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("iterations: count " + count + " must be >= 0");
        }
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = ITERATION_PREFIX + i;
        }
        return names;
    }
}
