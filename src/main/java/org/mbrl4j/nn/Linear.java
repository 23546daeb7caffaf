package org.mbrl4j.nn;

import org.mbrl4j.autograd.DenseFn;
import org.mbrl4j.tensor.Tensor;

/**
 * A plain affine layer {@code y = x·wᵀ + b}: weight (F, Fi), bias (F), or stacked over E ensemble members
 * (weight (E, F, Fi), bias (E, F)) when built with {@link #ensemble}.
 */
public final class Linear {
    /** (F, Fi) or (E, F, Fi). */
    private final Tensor weight;
    /** (F) or (E, F). */
    private final Tensor bias;
    private final int heads;

    private Linear(Parameters.Scope scope, int heads, int in, int out, Init weightInit) {
        this.heads = heads;
        this.weight = heads == 0 ? scope.create("weight", weightInit, out, in)
                : scope.create("weight", weightInit, heads, out, in);
        this.bias = heads == 0 ? scope.create("bias", Init.Constant.ZERO, out)
                : scope.create("bias", Init.Constant.ZERO, heads, out);
    }

    public static Linear plain(Parameters.Scope scope, int in, int out, Init weightInit) {
        return new Linear(scope, 0, in, out, weightInit);
    }

    /** E independent heads; forward takes a shared x (M, Fi) or per-head x (E, M, Fi) and gives (E, M, F). */
    public static Linear ensemble(Parameters.Scope scope, int heads, int in, int out, Init weightInit) {
        if (heads < 1) {
            throw new IllegalArgumentException("ensemble heads=" + heads + " must be >= 1");
        }
        return new Linear(scope, heads, in, out, weightInit);
    }

    public Tensor forward(Pass p, Tensor x) {
        Tensor w = p.param(weight);
        Tensor b = p.param(bias);
        return heads == 0 ? DenseFn.linear(p.graph(), x, w, b) : DenseFn.ensembleLinear(p.graph(), x, w, b);
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }
}
