/**
 * The seam between a run and its algorithm. The trainer, the evaluator, checkpoints, logs and the CLI
 * see only an {@link org.mbrl4j.agent.Agent}: act on an {@link org.mbrl4j.env.Observation}
 * ({@link org.mbrl4j.agent.ActMode} training or evaluation) and report the last act
 * ({@link org.mbrl4j.agent.ActInfo}), reset at episode starts, update on a replay
 * {@link org.mbrl4j.buffer.Batch} of its {@link org.mbrl4j.agent.BatchShape} and return metrics,
 * save and restore an {@link org.mbrl4j.agent.AgentState}, and optionally take diagnostics with every
 * evaluation ({@link org.mbrl4j.agent.EvalProbe}). {@link org.mbrl4j.agent.RunSpec} holds what a run
 * derives once from its run block and its environment without naming an algorithm; each algorithm
 * derives its own values from it.
 *
 * <p>Subpackages: {@code agent.factory} ({@code Agents.create} builds the agent of the config's
 * {@code algorithm}, the one place that knows every implementation), {@code agent.planner} (sampling
 * planners over a latent model, no algorithm named) and {@code agent.tdmpc2} (TD-MPC2, the one
 * implementation today). Layering, checked by ArchitectureTest: agent sits above nn and below train;
 * agent.planner imports nothing from agent.tdmpc2.
 */
package org.mbrl4j.agent;
