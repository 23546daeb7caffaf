/**
 * PlaNet-lite as an {@link org.mbrl4j.agent.Agent} (docs/planet-lite.md): the Pendulum notebook's agent
 * (design document 004), an MLP dynamics model over the env's state vector with CEM planning.
 * <ul>
 *   <li>Run values: {@link org.mbrl4j.agent.planetlite.PlanetLiteSpec} (planner settings, update schedule).
 *   <li>Model: {@link org.mbrl4j.agent.planetlite.DynamicsModel}; its loss and Adam step
 *       {@code ModelUpdate} on the transitions {@code TransitionRows} takes from a replay batch.
 *   <li>Planning: the shared {@code agent.planner.Planner} with the plain CEM scorer over
 *       {@code ModelPlanning}, the model as a latent reward model.
 *   <li>Checkpoints: {@code PlanetLiteState}.
 * </ul>
 */
package org.mbrl4j.agent.planetlite;
