package org.mbrl4j.agent.planner;

import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.tdmpc2.RolloutHeadMode;
import org.mbrl4j.config.HeadMode;
import org.mbrl4j.config.PlannerConfig;
import org.mbrl4j.config.WarmStart;

/**
 * The config aliases of spec 000 plan(), resolved once from the planner keys and the values the
 * agent derives from the run.
 *
 * @param horizon T (horizon)
 * @param actionDim A (the env's action dim)
 * @param iterations the derived iterations (TD-MPC2: iterations, +2 for A >= 20)
 * @param numSamples N (num_samples)
 * @param numElites K (num_elites)
 * @param numSeeds S (planner_num_seed_policy_trajectories)
 * @param temperatureTrain planner_temperature_train
 * @param temperatureEval planner_temperature_eval
 * @param lambdaDisagreement planner_lambda_disagreement (training only)
 * @param minStd min_std
 * @param maxStd max_std
 * @param headModeEval planner_head_mode_eval
 * @param dynamicsHeads planner_num_dynamics_heads
 * @param logDetailedEvery log_detailed_every (0 disables)
 * @param discount γ (the derived discount)
 * @param seed the run seed
 * @param warmStart planner_warm_start: how the mean starts from the previous plan
 */
public record PlannerSettings(int horizon, int actionDim, int iterations, int numSamples, int numElites, int numSeeds,
        float temperatureTrain, float temperatureEval, float lambdaDisagreement, float minStd, float maxStd,
        HeadMode headModeEval, int dynamicsHeads, int logDetailedEvery, double discount, long seed,
        WarmStart warmStart) {

    public PlannerSettings {
        require(horizon >= 1, "horizon", horizon, ">= 1");
        require(actionDim >= 1, "action_dim", actionDim, ">= 1");
        require(iterations >= 1, "iterations", iterations, ">= 1");
        require(numSamples >= 1, "num_samples", numSamples, ">= 1");
        require(numSeeds >= 0, "planner_num_seed_policy_trajectories", numSeeds, ">= 0");
        require(numElites >= 1 && numElites <= numSeeds + numSamples, "num_elites", numElites, "in [1, S + N] = [1, "
                + (numSeeds + numSamples) + "] (S = planner_num_seed_policy_trajectories, N = num_samples)");
        require(temperatureTrain > 0 && Float.isFinite(temperatureTrain), "planner_temperature_train",
                temperatureTrain, "finite and > 0");
        require(temperatureEval > 0 && Float.isFinite(temperatureEval), "planner_temperature_eval", temperatureEval,
                "finite and > 0");
        require(Float.isFinite(lambdaDisagreement), "planner_lambda_disagreement", lambdaDisagreement, "finite");
        require(minStd > 0 && minStd <= maxStd && Float.isFinite(maxStd), "min_std", minStd,
                "in (0, max_std=" + maxStd + "]");
        require(headModeEval != null, "planner_head_mode_eval", headModeEval, "single or all");
        require(dynamicsHeads >= 1, "planner_num_dynamics_heads", dynamicsHeads, ">= 1");
        require(logDetailedEvery >= 0, "log_detailed_every", logDetailedEvery, ">= 0");
        require(discount > 0 && discount <= 1, "discount", discount, "in (0, 1]");
        require(warmStart != null, "planner_warm_start", warmStart, "shift or copy");
    }

    /** The settings of the planner keys {@code c}, with the run's action dim and the derived values. */
    public static PlannerSettings of(PlannerConfig c, int actionDim, int iterations, double discount, long seed) {
        return new PlannerSettings(c.horizon(), actionDim, iterations, c.numSamples(), c.numElites(),
                c.plannerNumSeedPolicyTrajectories(), (float) c.plannerTemperatureTrain(),
                (float) c.plannerTemperatureEval(), (float) c.plannerLambdaDisagreement(), (float) c.minStd(),
                (float) c.maxStd(), c.plannerHeadModeEval(), c.plannerNumDynamicsHeads(), c.logDetailedEvery(),
                discount, seed, c.plannerWarmStart());
    }

    /** E = S + N. */
    public int candidates() {
        return numSeeds + numSamples;
    }

    /** temp = planner_temperature_eval if eval_mode else planner_temperature_train. */
    public float temperature(ActMode mode) {
        return mode == ActMode.EVAL ? temperatureEval : temperatureTrain;
    }

    /** lambda_d = 0.0 if eval_mode else planner_lambda_disagreement. */
    public float lambda(ActMode mode) {
        return mode == ActMode.EVAL ? 0f : lambdaDisagreement;
    }

    /** Evaluation: planner_head_mode_eval; training: all heads. */
    public RolloutHeadMode headMode(ActMode mode) {
        if (mode == ActMode.TRAIN) {
            return RolloutHeadMode.ALL;
        }
        return headModeEval == HeadMode.ALL ? RolloutHeadMode.ALL : RolloutHeadMode.SINGLE;
    }

    /** Whether plan() at {@code step} returns a PlannerAdvancedInfo. */
    public boolean detailedAt(long step) {
        return logDetailedEvery > 0 && step % logDetailedEvery == 0;
    }

    private static void require(boolean ok, String key, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("planner: " + key + "=" + value + " must be " + rule);
        }
    }
}
