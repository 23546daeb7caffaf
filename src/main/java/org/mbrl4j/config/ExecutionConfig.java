package org.mbrl4j.config;

/**
 * Where and how the numerical work runs.
 *
 * @param device           auto (CUDA when present), cpu or cuda
 * @param matmulPrecision  GEMM precision on CUDA
 */
public record ExecutionConfig(DeviceChoice device, MatmulPrecision matmulPrecision) {
    public ExecutionConfig {
        var c = new Checks();
        c.notNull("device", device, Choice.allowed(DeviceChoice.class));
        c.notNull("matmul_precision", matmulPrecision, Choice.allowed(MatmulPrecision.class));
        c.throwIfAny();
    }
}
