package org.mbrl4j.config;

/**
 * The learning algorithm of a run ({@code algorithm}): which agent acts and learns, and which
 * algorithm block of the config it reads. TD-MPC2's keys are flat in YAML (as in the reference
 * {@code config.yaml}); a later algorithm reads a nested block named after it.
 */
public enum Algorithm implements Choice {
    TDMPC2("tdmpc2"),
    /** The MLP dynamics model with CEM of the Pendulum notebook (docs/planet-lite.md). */
    PLANET_LITE("planet-lite"),
    /** PlaNet from pixels: the RSSM world model with CEM over its prior (docs/planet.md). */
    PLANET("planet");

    private final String yamlName;

    Algorithm(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
