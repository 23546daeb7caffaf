package org.mbrl4j.backend.cuda.parity;

/**
 * The parity tolerance model (STYLE practice 4, kernels/README "Tolerance model"): an element passes
 * when |device − cpu| <= atol_i + rtol·|cpu_i|. atol may vary per element (sums scale with the sum of
 * the absolute terms). NaN must match NaN.
 */
record Tol(double rtol, double[] atolPerElement, double atol, String source) {
    /** FP32 unit roundoff 2^-24. */
    static final double U = 0x1.0p-24;
    /** TF32 unit roundoff 2^-11 (10 explicit mantissa bits). */
    static final double U_TF32 = 0x1.0p-11;

    static Tol exact() {
        return new Tol(0, null, 0, "exact (bitwise)");
    }

    static Tol of(double rtol, double atol, String source) {
        return new Tol(rtol, null, atol, source);
    }

    /** Per-element atol, e.g. c·L·u·Σ|terms| for a sum of L terms in another order. */
    static Tol perElement(double rtol, double[] atol, String source) {
        return new Tol(rtol, atol, 0, source);
    }

    double threshold(int i, double cpu) {
        return (atolPerElement != null ? atolPerElement[i] : atol) + rtol * Math.abs(cpu);
    }
}
