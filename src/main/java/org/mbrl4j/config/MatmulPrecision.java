package org.mbrl4j.config;

/**
 * GEMM precision on CUDA ({@code matmul_precision}): fp32, TF32 tensor cores (the reference's
 * {@code set_float32_matmul_precision('high')}), or bf16 inputs with fp32 accumulation. The CPU
 * backend always computes in fp32.
 */
public enum MatmulPrecision implements Choice {
    FP32("fp32"),
    TF32("tf32"),
    BF16("bf16");

    private final String yamlName;

    MatmulPrecision(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
