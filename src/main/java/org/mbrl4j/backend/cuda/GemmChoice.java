package org.mbrl4j.backend.cuda;

import java.util.Locale;

/**
 * Who computes {@code DenseOps#gemm} on CUDA: {@code -Dmbrl.cuda.gemm=kernels} (default: kernels/gemm.cu,
 * TF32 or SIMT FP32 by matmul_precision) or {@code -Dmbrl.cuda.gemm=cublas} (cuBLAS through FFM, the
 * benchmark yardstick). Linear and fused layers always use kernels/ensemble_linear.cu.
 */
public enum GemmChoice {
    KERNELS,
    CUBLAS;

    public static final String PROPERTY = "mbrl.cuda.gemm";

    /** From {@value #PROPERTY}; unset means KERNELS. */
    public static GemmChoice fromSystemProperty() {
        String v = System.getProperty(PROPERTY, "kernels").trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "kernels" -> KERNELS;
            case "cublas" -> CUBLAS;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + v + ": expected kernels or cublas");
        };
    }
}
