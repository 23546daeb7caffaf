package org.mbrl4j.agent.planner;

import org.mbrl4j.config.WarmStart;

/**
 * What the shared planning loop ({@link Planner}) needs, whichever scorer it runs. Built from the
 * TD-MPC2 config by {@code Tdmpc2PlannerSettings.of}; a CEM planner builds it directly.
 *
 * @param horizon T (horizon)
 * @param actionDim A (the env's action dim)
 * @param iterations iterations of sample, score, refit (TD-MPC2: RunSpec.iterations, +2 for A >= 20)
 * @param numSamples N Gaussian candidates per iteration (num_samples; the CEM's candidates)
 * @param numElites K elites per refit (num_elites; the CEM's top-K); at most S + N, checked by the
 *     {@link Planner} where S = {@link Scorer#numFixedCandidates()}
 * @param minStd min_std: the lower clip of the sampling std
 * @param maxStd max_std: the upper clip, and the std every plan starts from
 * @param warmStart planner_warm_start: how the mean starts from the previous plan
 * @param logDetailedEvery log_detailed_every: steps between PlannerAdvancedInfo records (0 disables)
 * @param seed the run seed, keying the planner's Philox stream
 */
public record PlannerSettings(int horizon, int actionDim, int iterations, int numSamples, int numElites, float minStd,
        float maxStd, WarmStart warmStart, int logDetailedEvery, long seed) {

    public PlannerSettings {
        require(horizon >= 1, "horizon", horizon, ">= 1");
        require(actionDim >= 1, "action_dim", actionDim, ">= 1");
        require(iterations >= 1, "iterations", iterations, ">= 1");
        require(numSamples >= 1, "num_samples", numSamples, ">= 1");
        require(numElites >= 1, "num_elites", numElites, ">= 1");
        require(minStd > 0 && minStd <= maxStd && Float.isFinite(maxStd), "min_std", minStd,
                "in (0, max_std=" + maxStd + "] with max_std finite");
        require(warmStart != null, "planner_warm_start", warmStart, "shift or copy");
        require(logDetailedEvery >= 0, "log_detailed_every", logDetailedEvery, ">= 0");
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
