package org.mbrl4j.config;

/**
 * Which trainer {@code mbrl train} runs ({@code trainer}): the online loop (act in the env, store, update),
 * or the offline loop over a fixed dataset (updates only, with periodic evaluation in the env).
 */
public enum TrainerKind implements Choice {
    ONLINE("online"),
    OFFLINE("offline");

    private final String yamlName;

    TrainerKind(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
