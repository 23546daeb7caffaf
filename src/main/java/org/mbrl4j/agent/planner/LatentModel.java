package org.mbrl4j.agent.planner;

import org.mbrl4j.backend.Backend;

/** What every model the planner searches over shares: where it lives and its action and latent sizes. */
public interface LatentModel {

    /** The backend the model's parameters live on; the planner keeps its warm-start mean there. */
    Backend backend();

    /** A: the action size (actions live in [-1, 1]). */
    int actionDim();

    /** L: the latent size (z0 is float32[L] or [1, L]). */
    int latentDim();

    /**
     * Called by the planner when a plan starts, before any other call of that plan: a model with
     * per-plan device state (TD-MPC2's Q-pair slots) rewinds it. The default keeps none.
     */
    default void beginPlan() {}
}
