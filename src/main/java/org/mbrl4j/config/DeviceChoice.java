package org.mbrl4j.config;

/**
 * Where the numerical work runs ({@code device}): {@code auto} picks CUDA when a device is present,
 * else the Java CPU backend. {@code cuda-emulated} runs the CUDA backend's kernels on the host
 * emulator (kernels/emu; slow, for tests and debugging without a GPU; never chosen by auto).
 */
public enum DeviceChoice implements Choice {
    AUTO("auto"),
    CPU("cpu"),
    CUDA("cuda"),
    CUDA_EMULATED("cuda-emulated");

    private final String yamlName;

    DeviceChoice(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
