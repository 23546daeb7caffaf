package org.mbrl4j.config;

/**
 * MPPI planning: the reference planner's keys (docs/tdmpc2.md#mppi-planner) and the planner's (docs/planner.md#config-keys)
 * {@code planner_*} keys. {@code horizon} is also the training rollout length.
 *
 * <p>The reference's {@code temperature} (a multiplier inside exp()) and {@code num_pi_trajs} (counted
 * inside {@code num_samples}) are not keys: the planner (docs/planner.md#temperature) divides scores by
 * {@code planner_temperature_train|eval} and adds {@code planner_num_seed_policy_trajectories} to the
 * {@code num_samples} Gaussian candidates ({@link RemovedKeys} says so to a user who sets them).
 *
 * @param mpc                               plan with MPPI; false acts with the policy prior
 * @param iterations                        MPPI iterations
 * @param numSamples                        trajectories per iteration
 * @param numElites                         top-k elites
 * @param horizon                           planning and training rollout length
 * @param minStd                            lower clamp of the sampling std
 * @param maxStd                            upper clamp and initial value of the sampling std
 * @param plannerNumDynamicsHeads           dynamics heads rolled out for disagreement
 * @param plannerHeadModeEval               heads used in evaluation
 * @param plannerLambdaDisagreement         weight of the disagreement term in training scores
 * @param plannerTemperatureTrain           softmax temperature in training
 * @param plannerTemperatureEval            softmax temperature in evaluation
 * @param plannerNumSeedPolicyTrajectories  policy seeds added to the candidates; 0 disables
 * @param plannerWarmStart                  how the mean starts from the previous plan
 * @param logDetailedEvery                  steps between detailed planner records; 0 disables
 */
public record PlannerConfig(
        boolean mpc,
        int iterations,
        int numSamples,
        int numElites,
        int horizon,
        double minStd,
        double maxStd,
        int plannerNumDynamicsHeads,
        HeadMode plannerHeadModeEval,
        double plannerLambdaDisagreement,
        double plannerTemperatureTrain,
        double plannerTemperatureEval,
        int plannerNumSeedPolicyTrajectories,
        WarmStart plannerWarmStart,
        int logDetailedEvery) {

    public PlannerConfig {
        var c = new Checks();
        c.atLeast("iterations", iterations, 1);
        c.atLeast("num_samples", numSamples, 1);
        c.atLeast("num_elites", numElites, 1);
        c.atMost("num_elites", numElites, "num_samples", numSamples);
        c.atLeast("horizon", horizon, 1);
        c.positive("min_std", minStd);
        c.positive("max_std", maxStd);
        c.atMost("min_std", minStd, "max_std", maxStd);
        c.atLeast("planner_num_dynamics_heads", plannerNumDynamicsHeads, 1);
        c.notNull("planner_head_mode_eval", plannerHeadModeEval, Choice.allowed(HeadMode.class));
        c.positive("planner_temperature_train", plannerTemperatureTrain);
        c.positive("planner_temperature_eval", plannerTemperatureEval);
        c.atLeast("planner_num_seed_policy_trajectories", plannerNumSeedPolicyTrajectories, 0);
        c.notNull("planner_warm_start", plannerWarmStart, Choice.allowed(WarmStart.class));
        c.atLeast("log_detailed_every", logDetailedEvery, 0);
        c.throwIfAny();
    }
}
