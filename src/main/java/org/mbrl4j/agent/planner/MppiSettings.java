package org.mbrl4j.agent.planner;

import org.mbrl4j.agent.ActMode;
import org.mbrl4j.config.HeadMode;

/**
 * The docs/planner.md MPPI scorer's config aliases; the loop's own are in {@link PlannerSettings}.
 *
 * @param numSeeds S (planner_num_seed_policy_trajectories)
 * @param temperatureTrain planner_temperature_train
 * @param temperatureEval planner_temperature_eval
 * @param lambdaDisagreement planner_lambda_disagreement (training only)
 * @param headModeEval planner_head_mode_eval
 * @param dynamicsHeads planner_num_dynamics_heads
 * @param discount γ (RunSpec.discount)
 */
public record MppiSettings(int numSeeds, float temperatureTrain, float temperatureEval, float lambdaDisagreement,
        HeadMode headModeEval, int dynamicsHeads, double discount) {

    public MppiSettings {
        require(numSeeds >= 0, "planner_num_seed_policy_trajectories", numSeeds, ">= 0");
        require(temperatureTrain > 0 && Float.isFinite(temperatureTrain), "planner_temperature_train",
                temperatureTrain, "finite and > 0");
        require(temperatureEval > 0 && Float.isFinite(temperatureEval), "planner_temperature_eval", temperatureEval,
                "finite and > 0");
        require(Float.isFinite(lambdaDisagreement), "planner_lambda_disagreement", lambdaDisagreement, "finite");
        require(headModeEval != null, "planner_head_mode_eval", headModeEval, "single or all");
        require(dynamicsHeads >= 1, "planner_num_dynamics_heads", dynamicsHeads, ">= 1");
        require(discount > 0 && discount <= 1, "discount", discount, "in (0, 1]");
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

    private static void require(boolean ok, String key, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("planner: " + key + "=" + value + " must be " + rule);
        }
    }
}
