package org.mbrl4j.agent.planner;

import org.mbrl4j.tensor.Tensor;

/**
 * Latents rolled out for N action sequences (docs/planner.md#rollout_latents): what a planning model
 * returns for its candidates.
 *
 * @param latents (D, N, T+1, L): D = 1 in single-head mode; index 0 along T+1 is z0
 * @param actions (N, T, A): the given actions, or those the policy chose
 */
public record Rollout(Tensor latents, Tensor actions) {}
