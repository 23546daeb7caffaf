package org.mbrl4j.config;

/** Observation type ({@code obs}): low-dimensional state vectors or rendered RGB frames. */
public enum ObsType implements Choice {
    STATE("state"),
    RGB("rgb");

    private final String yamlName;

    ObsType(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
