package org.mbrl4j.autograd;

import org.mbrl4j.backend.ConvContract;
import org.mbrl4j.backend.ConvOps;
import org.mbrl4j.tensor.Tensor;

/**
 * Differentiable 2-D convolutions, NCHW with valid padding ({@link ConvOps}): x (M, Ci, Hi, Wi) with
 * M images (docs/dims.md#op-dims). Shapes are checked by {@link ConvContract}
 * before anything is allocated.
 */
public final class ConvFn {
    private ConvFn() {}

    /**
     * y (M, Co, Ho, Wo) = conv(x, w) + b for w (Co, Ci, Kh, Kw), b (Co) or null,
     * Ho = (Hi − Kh)/stride + 1 (floor), likewise Wo.
     */
    public static Tensor conv2d(Graph g, Tensor x, Tensor w, Tensor b, int stride) {
        boolean rg = g.needsGrad(x, w, b);
        Tensor y = g.output(rg, ConvContract.conv2dOutputShape(x, w, stride));
        ConvOps ops = g.backend().conv();
        ops.conv2dForward(x, w, b, stride, y);
        if (rg) {
            g.record("conv2d", () -> ops.conv2dBackward(x, w, stride, g.grad(y), g.grad(x), g.grad(w), g.grad(b)), y);
        }
        return y;
    }

    /**
     * y (M, Co, Ho, Wo) = convTranspose(x, w) + b for w (Ci, Co, Kh, Kw), b (Co) or null,
     * Ho = (Hi − 1)·stride + Kh, likewise Wo.
     */
    public static Tensor convTranspose2d(Graph g, Tensor x, Tensor w, Tensor b, int stride) {
        boolean rg = g.needsGrad(x, w, b);
        Tensor y = g.output(rg, ConvContract.convTranspose2dOutputShape(x, w, stride));
        ConvOps ops = g.backend().conv();
        ops.convTranspose2dForward(x, w, b, stride, y);
        if (rg) {
            g.record("convTranspose2d",
                    () -> ops.convTranspose2dBackward(x, w, stride, g.grad(y), g.grad(x), g.grad(w), g.grad(b)), y);
        }
        return y;
    }
}
