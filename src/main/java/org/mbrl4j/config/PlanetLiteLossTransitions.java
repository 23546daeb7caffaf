package org.mbrl4j.config;

/**
 * Which transitions of each sampled window PlaNet-lite's model loss reads
 * (docs/planet-lite.md#loss).
 */
public enum PlanetLiteLossTransitions implements Choice {
    /** Every transition of the window: B·T one-step predictions per update. */
    ALL("all"),
    /** Only the window's first transition: B predictions per update, as the notebook's train_model. */
    FIRST("first");

    private final String yamlName;

    PlanetLiteLossTransitions(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
