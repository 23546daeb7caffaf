package org.mbrl4j.config;

/**
 * What PlaNet-lite's next-state head outputs (docs/planet-lite.md#model): the next state itself, as the
 * notebook does, or its change s' − s, added back to the input state (PETS and most MLP-dynamics work).
 */
public enum PlanetLiteNextState implements Choice {
    /** ŝ' = head(h): the notebook's model. */
    ABSOLUTE("absolute"),
    /** ŝ' = s + head(h): the head learns the change over one step. */
    DELTA("delta");

    private final String yamlName;

    PlanetLiteNextState(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
