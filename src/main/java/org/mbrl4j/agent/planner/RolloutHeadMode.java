package org.mbrl4j.agent.planner;

/** Which dynamics heads a latent rollout runs (spec 000, rollout_latents head_mode). */
public enum RolloutHeadMode {
    /** Head 0 only; latents come back as (1, N, T+1, L). */
    SINGLE,
    /** Every head; latents (H, N, T+1, L), head 0 first. */
    ALL,
    /** One random head per rollout: specified by spec 000 as a stub for later, unsupported here. */
    RANDOM
}
