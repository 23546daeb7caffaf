/**
 * TD-MPC2 as an {@link org.mbrl4j.agent.Agent} (docs/tdmpc2.md): {@link org.mbrl4j.agent.tdmpc2.Tdmpc2Agent}
 * acts with the shared planner and learns with {@link org.mbrl4j.agent.tdmpc2.Tdmpc2Update}.
 * <ul>
 *   <li>Run values: {@link org.mbrl4j.agent.tdmpc2.Tdmpc2Spec} derives the discount and the planner
 *       iterations once from the {@link org.mbrl4j.agent.RunSpec} and the config's TD-MPC2 block.
 *   <li>Model: {@link org.mbrl4j.agent.tdmpc2.WorldModel} (encoder, dynamics heads, reward,
 *       termination, policy prior, Q ensemble with Polyak targets) with
 *       {@link org.mbrl4j.agent.tdmpc2.ModelDims}, {@link org.mbrl4j.agent.tdmpc2.QSet},
 *       {@link org.mbrl4j.agent.tdmpc2.QReduce} and {@link org.mbrl4j.agent.tdmpc2.PolicySample}.
 *   <li>Learning: {@link org.mbrl4j.agent.tdmpc2.Tdmpc2Update}, its
 *       {@link org.mbrl4j.agent.tdmpc2.TdTargets} and the policy loss's
 *       {@link org.mbrl4j.agent.tdmpc2.RunningScale}.
 *   <li>Planning: {@link org.mbrl4j.agent.tdmpc2.Tdmpc2PlannerSettings} maps the config keys onto the
 *       planner core's and the MPPI scorer's settings; {@link org.mbrl4j.agent.tdmpc2.WorldModelPlanning}
 *       adapts the world model to {@code agent.planner.PlanningModel}, rolling out through
 *       {@link org.mbrl4j.agent.tdmpc2.LatentRollout} (docs/planner.md#rollout_latents).
 *   <li>Multi-discount auxiliary heads (docs/multi-gamma.md): {@link org.mbrl4j.agent.tdmpc2.AuxValueHeads},
 *       {@link org.mbrl4j.agent.tdmpc2.AuxValueLoss}, and the snapshot taken with every evaluation
 *       ({@link org.mbrl4j.agent.tdmpc2.MultiGammaProbe}, {@link org.mbrl4j.agent.tdmpc2.AuxSnapshotProbe},
 *       {@link org.mbrl4j.agent.tdmpc2.AuxSnapshot}, {@link org.mbrl4j.agent.tdmpc2.AuxSnapshotRecord}).
 * </ul>
 * Shapes use docs/dims.md#legend: B batch, T horizon, L latent, A action, V bins, Q Q heads, D dynamics
 * heads, G auxiliary discounts.
 */
package org.mbrl4j.agent.tdmpc2;
