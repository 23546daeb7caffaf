package org.mbrl4j.backend;

/** The activation that closes a fused layer ({@link DenseOps#fusedLayerForward}). */
public enum Activation {
    /** y = h: the layer ends after LayerNorm. */
    IDENTITY,
    /** y = h * tanh(softplus(h)). */
    MISH,
    /** Softmax within consecutive groups of {@code simnormDim} features (TD-MPC2 SimNorm). */
    SIMNORM
}
