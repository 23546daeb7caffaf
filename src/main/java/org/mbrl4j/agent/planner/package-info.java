/**
 * The spec 000 planner: MPPI over a latent world model, with policy seed trajectories, elite softmax
 * weights divided by a temperature, a warm-started mean, and (in training) a dynamics-head
 * disagreement bonus.
 *
 * <p>One concern per file: {@link org.mbrl4j.agent.planner.Sampling} (sample_action_sequences),
 * {@link org.mbrl4j.agent.planner.Scoring} (compute_values_head0, compute_disagreement,
 * combine_scores), {@link org.mbrl4j.agent.planner.EliteRefit} (iteration steps 8-10),
 * {@link org.mbrl4j.agent.planner.Planner} (plan, reset_warm_start),
 * {@link org.mbrl4j.agent.planner.PlannerInfos} (post-iteration infos) and the info records.
 *
 * <p>Dims legend: N Gaussian samples, S policy seed trajectories, E = S + N candidates, K elites,
 * T horizon, A action, L latent, H dynamics heads (H = 1 in single-head mode). All tensors are
 * float32 row-major unless marked I32.
 */
package org.mbrl4j.agent.planner;
