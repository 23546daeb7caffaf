package org.mbrl4j.backend.cuda.parity;

/**
 * The GEMM error model of kernels/gemm.cu and ensemble_linear.cu for an Fi-term dot product of inputs
 * bounded by maxA and maxB (k below carries Fi): TF32 (inputs rounded to 10 mantissa bits) rtol 2·2^-11 and
 * atol 2·2^-11·sqrt(Fi)·maxA·maxB; SIMT FP32 rtol 1e-5 and atol Fi·2^-24·maxA·maxB.
 */
record DenseTol(boolean tf32) {
    double rtol() {
        return tf32 ? 2 * Tol.U_TF32 : 1e-5;
    }

    double atol(int k, double maxA, double maxB) {
        return (tf32 ? 2 * Tol.U_TF32 * Math.sqrt(Math.max(k, 1)) : Math.max(k, 1) * Tol.U) * maxA * maxB;
    }

    Tol gemm(int k, double maxA, double maxB) {
        return Tol.of(rtol(), atol(k, maxA, maxB), (tf32 ? "tf32" : "simt fp32") + " GEMM, Fi=" + k);
    }

    String name() {
        return tf32 ? "tf32" : "fp32";
    }
}
