package org.mbrl4j.agent.factory;

import org.mbrl4j.agent.Agent;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.agent.planet.PlanetAgent;
import org.mbrl4j.agent.planet.PlanetSpec;
import org.mbrl4j.agent.planetlite.PlanetLiteAgent;
import org.mbrl4j.agent.planetlite.PlanetLiteSpec;
import org.mbrl4j.agent.tdmpc2.Tdmpc2Agent;
import org.mbrl4j.agent.tdmpc2.Tdmpc2Spec;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.config.ConfigException;
import org.mbrl4j.config.MbrlConfig;

/**
 * Builds the agent of a run's {@code algorithm}. It lives apart from {@code org.mbrl4j.agent} because it
 * knows every implementation, and the implementations know the {@link Agent} interface.
 */
public final class Agents {
    private Agents() {}

    /**
     * A fresh agent for {@code spec}, configured by {@code config}'s block of its algorithm.
     *
     * @throws ConfigException when a value the algorithm derives from the run is invalid
     */
    public static Agent create(Backend backend, RunSpec spec, MbrlConfig config) {
        return switch (config.run().algorithm()) {
            case TDMPC2 -> new Tdmpc2Agent(backend, Tdmpc2Spec.derive(spec, config.tdmpc2()),
                    config.execution().cudaGraphs());
            case PLANET_LITE -> new PlanetLiteAgent(backend, PlanetLiteSpec.derive(spec, config.planetLite()));
            case PLANET -> new PlanetAgent(backend, PlanetSpec.derive(spec, config.planet()));
        };
    }
}
