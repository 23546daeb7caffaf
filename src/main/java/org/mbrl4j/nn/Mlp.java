package org.mbrl4j.nn;

import java.util.ArrayList;
import java.util.List;
import org.mbrl4j.backend.Activation;
import org.mbrl4j.tensor.Tensor;

/**
 * tdmpc2's {@code mlp(in, [h1..hk], out, act, dropout)} (docs/tdmpc2.md#building-blocks): NormedLinear(in, h1,
 * Mish, dropout) → NormedLinear(h_i, h_{i+1}, Mish) … then either a plain Linear(hk, out) (when
 * {@code finalAct} is null) or NormedLinear(hk, out, finalAct). Dropout only in the first layer. Layer
 * i is named {@code <prefix>.<i>}. With {@code heads > 0} every layer is stacked over that many heads.
 */
public final class Mlp {
    private final List<NormedLinear> hidden = new ArrayList<>();
    private final NormedLinear normedOut;
    private final Linear linearOut;

    /**
     * @param finalAct null for a plain Linear output layer, else the activation after LayerNorm
     * @param zeroFinal zero-initialise the final plain Linear's weight (reward and Q heads)
     * @param heads 0 for a single MLP, else the ensemble size
     */
    public Mlp(Parameters.Scope scope, int in, int[] hiddenDims, int out, Activation finalAct, int simnormDim,
            float dropout, boolean zeroFinal, int heads) {
        int prev = in;
        for (int i = 0; i < hiddenDims.length; i++) {
            float p = i == 0 ? dropout : 0f;
            Parameters.Scope s = scope.scope(Integer.toString(i));
            hidden.add(heads == 0 ? NormedLinear.plain(s, prev, hiddenDims[i], Activation.MISH, simnormDim, p)
                    : NormedLinear.ensemble(s, heads, prev, hiddenDims[i], Activation.MISH, simnormDim, p));
            prev = hiddenDims[i];
        }
        Parameters.Scope last = scope.scope(Integer.toString(hiddenDims.length));
        if (finalAct == null) {
            Init w = zeroFinal ? Init.Constant.ZERO : Init.TruncatedNormal.TDMPC2;
            linearOut = heads == 0 ? Linear.plain(last, prev, out, w) : Linear.ensemble(last, heads, prev, out, w);
            normedOut = null;
        } else {
            if (zeroFinal) {
                throw new IllegalArgumentException(scope.prefix() + ": zeroFinal applies only to a plain Linear output");
            }
            float p = hiddenDims.length == 0 ? dropout : 0f;
            normedOut = heads == 0 ? NormedLinear.plain(last, prev, out, finalAct, simnormDim, p)
                    : NormedLinear.ensemble(last, heads, prev, out, finalAct, simnormDim, p);
            linearOut = null;
        }
    }

    public Tensor forward(Pass p, Tensor x) {
        Tensor h = x;
        for (NormedLinear layer : hidden) {
            h = layer.forward(p, h);
        }
        return linearOut != null ? linearOut.forward(p, h) : normedOut.forward(p, h);
    }

    /**
     * Every layer in order when the output layer is a NormedLinear (for {@link StackedHeadsMlp}), else
     * null: a plain Linear output is not stacked.
     */
    List<NormedLinear> normedLayers() {
        if (normedOut == null) {
            return null;
        }
        List<NormedLinear> all = new ArrayList<>(hidden);
        all.add(normedOut);
        return all;
    }
}
