/**
 * PlaNet (docs/planet.md; Hafner et al., "Learning Latent Dynamics for Planning from Pixels", ICML 2019):
 * the recurrent state-space model ({@link org.mbrl4j.agent.planet.RssmCell}) with a conv encoder and
 * decoder and a reward head ({@link org.mbrl4j.agent.planet.PlanetModel}), learned from 64×64 frames by
 * the ELBO with free nats ({@link org.mbrl4j.agent.planet.PlanetUpdate}), and CEM over the prior on the
 * shared planner core ({@link org.mbrl4j.agent.planet.PriorPlanning}); {@code algorithm: planet}.
 */
package org.mbrl4j.agent.planet;
