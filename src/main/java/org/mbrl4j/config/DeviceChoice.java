package org.mbrl4j.config;

/**
 * Where the numerical work runs ({@code device}): {@code auto} picks CUDA when a device is present,
 * else the Java CPU backend.
 */
public enum DeviceChoice implements Choice {
    AUTO("auto"),
    CPU("cpu"),
    CUDA("cuda");

    private final String yamlName;

    DeviceChoice(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
