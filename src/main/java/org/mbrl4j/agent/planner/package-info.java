/**
 * Sampling planners over a latent model: one shared loop and the scorers that make it docs/planner.md's
 * MPPI planner (TD-MPC2) or a plain CEM (PlaNet). This package knows no algorithm: an algorithm
 * adapts its model to {@link org.mbrl4j.agent.planner.PlanningModel} (MPPI) or
 * {@link org.mbrl4j.agent.planner.LatentRewardModel} (CEM) and builds the settings from its config
 * (TD-MPC2: {@code agent.tdmpc2.WorldModelPlanning} and {@code Tdmpc2PlannerSettings.of}).
 *
 * <p>The loop, {@link org.mbrl4j.agent.planner.Planner} with
 * {@link org.mbrl4j.agent.planner.PlannerSettings}: warm-start the mean from the previous plan
 * (shift or copy), restart the std at max_std, then per iteration sample N Gaussian action
 * sequences ({@link org.mbrl4j.agent.planner.Sampling}), let the scorer roll them out and score
 * them behind its fixed candidates, take the top-K elites and refit mean and std
 * ({@link org.mbrl4j.agent.planner.EliteRefit} for softmax weights,
 * {@link org.mbrl4j.agent.planner.UniformEliteRefit} for 1/K each), and finally return the action
 * the scorer chooses with the infos ({@link org.mbrl4j.agent.planner.PlannerInfos}). One Philox
 * stream, owned by the planner, feeds every draw.
 *
 * <p>The {@link org.mbrl4j.agent.planner.Scorer} decides the fixed candidates, the rollout, the
 * scores, the {@link org.mbrl4j.agent.planner.EliteWeighting} and the
 * {@link org.mbrl4j.agent.planner.ActionChoice}:
 * <ul>
 *   <li>{@link org.mbrl4j.agent.planner.MppiScorer} (docs/planner.md, with
 *       {@link org.mbrl4j.agent.planner.MppiSettings}): frozen policy seeds; head-0 values with the
 *       Q bootstrap and, in training, the dynamics-head disagreement bonus
 *       ({@link org.mbrl4j.agent.planner.Scoring}); softmax(score / temperature) elite weights;
 *       the argmax candidate in evaluation, an elite drawn from the weights in training.
 *   <li>{@link org.mbrl4j.agent.planner.CemScorer}: the sum of predicted rewards over the horizon
 *       (no value, no discount, no disagreement, no seeds); uniform elite weights; the first action
 *       of the final mean.
 * </ul>
 *
 * <p>Where the backend asks for row blocks ({@link org.mbrl4j.backend.Backend#rowBlock}: the CPU with
 * {@code -Dmbrl.cpu.rowBlock=auto} or a size; off by default) a {@link org.mbrl4j.agent.planner.BlockedScorer}
 * (MPPI) carries each block of candidates through rollout, values and disagreement before the next
 * ({@link org.mbrl4j.agent.planner.BlockedRolloutScoring}), with the same bits as one batch.
 *
 * <p>Dims (docs/dims.md#legend): N Gaussian samples, S fixed candidates (MPPI's policy seed
 * trajectories), C = S + N candidates, K elites, T horizon, A action, L latent, D dynamics heads
 * (D = 1 in single-head mode). All tensors are float32 row-major unless marked I32.
 */
package org.mbrl4j.agent.planner;
