package org.mbrl4j.agent.planner;

import org.mbrl4j.tensor.Tensor;

/**
 * The random draws of one {@link PlanningModel#bootstrapValue} over N rows, made once before the rows are
 * valued block by block ({@link BlockedRolloutScoring}): the same draws, from the same stream positions, as
 * the one-call bootstrap makes.
 *
 * @param noise (N, A) normals for the bootstrap actions a ~ π(z_T), row r for candidate r; null for models
 *     that draw none
 * @param pair the Q pair (I32 (2)); null for models that draw none
 */
public record BootstrapDraws(Tensor noise, Tensor pair) {}
