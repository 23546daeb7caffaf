package org.mbrl4j.nn;

import java.util.List;
import org.mbrl4j.autograd.DenseFn;
import org.mbrl4j.backend.Activation;
import org.mbrl4j.tensor.Tensor;

/**
 * TD-MPC2's NormedLinear (docs/tdmpc2.md#building-blocks): {@code y = act(LayerNorm(Dropout_p(x·wᵀ + b)))}, run as
 * the single fused op {@link DenseFn#fusedLayer}. Parameter names follow the reference's state dict:
 * {@code weight}, {@code bias}, {@code ln.weight}, {@code ln.bias}. Stacked over E heads when built
 * with {@link #ensemble} (the Q ensemble, each head with its own dropout mask).
 */
public final class NormedLinear {
    /** PyTorch LayerNorm default. */
    public static final float LAYER_NORM_EPS = 1e-5f;

    private final Tensor weight;
    private final Tensor bias;
    private final Tensor lnWeight;
    private final Tensor lnBias;
    private final Activation act;
    private final int simnormDim;
    private final float dropout;
    private final int heads;
    private final int out;

    private NormedLinear(Parameters.Scope scope, int heads, int in, int out, Activation act, int simnormDim,
            float dropout) {
        if (act == Activation.SIMNORM && (simnormDim < 1 || out % simnormDim != 0)) {
            throw new IllegalArgumentException(scope.prefix() + ": SimNorm needs out=" + out
                    + " divisible by simnorm_dim=" + simnormDim);
        }
        this.heads = heads;
        this.out = out;
        this.act = act;
        this.simnormDim = simnormDim;
        this.dropout = dropout;
        Init w = Init.TruncatedNormal.TDMPC2;
        if (heads == 0) {
            weight = scope.create("weight", w, out, in);
            bias = scope.create("bias", Init.Constant.ZERO, out);
            lnWeight = scope.create("ln.weight", Init.Constant.ONE, out);
            lnBias = scope.create("ln.bias", Init.Constant.ZERO, out);
        } else {
            weight = scope.create("weight", w, heads, out, in);
            bias = scope.create("bias", Init.Constant.ZERO, heads, out);
            lnWeight = scope.create("ln.weight", Init.Constant.ONE, heads, out);
            lnBias = scope.create("ln.bias", Init.Constant.ZERO, heads, out);
        }
    }

    public static NormedLinear plain(Parameters.Scope scope, int in, int out, Activation act, int simnormDim,
            float dropout) {
        return new NormedLinear(scope, 0, in, out, act, simnormDim, dropout);
    }

    public static NormedLinear ensemble(Parameters.Scope scope, int heads, int in, int out, Activation act,
            int simnormDim, float dropout) {
        if (heads < 1) {
            throw new IllegalArgumentException(scope.prefix() + ": ensemble heads=" + heads + " must be >= 1");
        }
        return new NormedLinear(scope, heads, in, out, act, simnormDim, dropout);
    }

    /** x (..., Fi) → (..., F); ensemble: x (M, Fi) or (E, M, Fi) → (E, M, F). */
    public Tensor forward(Pass p, Tensor x) {
        long rows = x.numel() / x.dim(-1);
        long preActivation = rows * out * (heads == 0 || x.rank() == 3 ? 1 : heads);
        return DenseFn.fusedLayer(p.graph(), x, p.param(weight), p.param(bias), p.dropout(dropout, preActivation),
                p.param(lnWeight), p.param(lnBias), LAYER_NORM_EPS, act, simnormDim);
    }

    /** The parameters (weight, bias, ln.weight, ln.bias), in that order: for {@link StackedHeadsMlp}. */
    List<Tensor> parameters() {
        return List.of(weight, bias, lnWeight, lnBias);
    }

    Activation activation() {
        return act;
    }

    int simnormDim() {
        return simnormDim;
    }

    float dropoutRate() {
        return dropout;
    }

    /** 0 for a plain layer, else the ensemble size. */
    int heads() {
        return heads;
    }
}
