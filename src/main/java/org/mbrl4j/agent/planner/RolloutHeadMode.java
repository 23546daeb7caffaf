package org.mbrl4j.agent.planner;

/** Which dynamics heads a latent rollout runs (docs/planner.md#rollout_latents, head_mode). */
public enum RolloutHeadMode {
    /** Head 0 only; latents come back as (1, N, T+1, L). */
    SINGLE,
    /** Every head; latents (D, N, T+1, L), head 0 first. */
    ALL,
    /** One random head per rollout: reserved by docs/planner.md#rollout_latents for later, unsupported here. */
    RANDOM
}
