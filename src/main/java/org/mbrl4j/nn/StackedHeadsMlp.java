package org.mbrl4j.nn;

import java.util.ArrayList;
import java.util.List;
import org.mbrl4j.autograd.DenseFn;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Tensor;

/**
 * A plain {@link Mlp} (head 0) and an ensemble {@link Mlp} of the same layer sizes (heads 1..E) run as
 * one ensemble of 1 + E heads, head 0 first: one fused layer op per layer for all heads instead of one
 * chain per Mlp. The stacked parameters are persistent copies (allocated once, at fixed addresses, so a
 * captured CUDA graph reads them) that {@link #refresh} re-copies from both Mlps, one concat per
 * parameter tensor; between two refreshes the forward reads the parameters as they were at the first.
 *
 * <p>Forward only, for inference (planning): gradients do not reach the Mlps' parameters. Both Mlps
 * need NormedLinear layers throughout (a plain Linear output is not stacked) and no dropout. Each head
 * computes what its own Mlp computes: the ensemble op runs every head as its own GEMM, LayerNorm and
 * activation over the same shapes (on the CPU bit for bit, StackedHeadsMlpTest).
 */
public final class StackedHeadsMlp {
    private final Backend backend;
    private final int heads;
    private final List<Layer> layers = new ArrayList<>();

    /** One stacked layer: its source tensors (head 0's, the ensemble's) and the stacked copies. */
    private record Layer(NormedLinear head0, NormedLinear others, List<Tensor> stacked) {}

    public StackedHeadsMlp(Backend backend, Mlp head0, Mlp others) {
        List<NormedLinear> first = head0.normedLayers();
        List<NormedLinear> rest = others.normedLayers();
        if (first == null || rest == null || first.size() != rest.size()) {
            throw new IllegalArgumentException("stacked heads need two Mlps of NormedLinear layers of the same depth, got "
                    + (first == null ? "a plain Linear output" : first.size() + " layers") + " and "
                    + (rest == null ? "a plain Linear output" : rest.size() + " layers"));
        }
        this.backend = backend;
        this.heads = 1 + rest.get(0).heads();
        for (int i = 0; i < first.size(); i++) {
            NormedLinear a = first.get(i);
            NormedLinear b = rest.get(i);
            if (a.heads() != 0 || b.heads() < 1 || b.heads() != heads - 1) {
                throw new IllegalArgumentException("stacked heads: layer " + i + " must be plain in head 0 (heads="
                        + a.heads() + ") and an ensemble of " + (heads - 1) + " in the others (heads=" + b.heads() + ")");
            }
            if (a.activation() != b.activation() || a.simnormDim() != b.simnormDim() || a.dropoutRate() != 0f
                    || b.dropoutRate() != 0f) {
                throw new IllegalArgumentException("stacked heads: layer " + i + " differs in activation ("
                        + a.activation() + " vs " + b.activation() + ") or simnorm_dim (" + a.simnormDim() + " vs "
                        + b.simnormDim() + "), or has dropout (" + a.dropoutRate() + ", " + b.dropoutRate()
                        + "; must be 0)");
            }
            List<Tensor> stacked = new ArrayList<>();
            List<Tensor> pa = a.parameters();
            List<Tensor> pb = b.parameters();
            for (int j = 0; j < pa.size(); j++) {
                int[] shape = pb.get(j).shape().clone();
                if (pa.get(j).numel() * (heads - 1) != pb.get(j).numel()) {
                    throw new IllegalArgumentException("stacked heads: layer " + i + " parameter " + j + " of head 0 "
                            + pa.get(j) + " does not match one head of " + pb.get(j));
                }
                shape[0] = heads;
                stacked.add(backend.tensor(DType.F32, false, shape));
            }
            layers.add(new Layer(a, b, stacked));
        }
    }

    /** 1 + E: the stacked heads. */
    public int heads() {
        return heads;
    }

    /** Copies both Mlps' current parameters into the stacked tensors (one concat launch per tensor). */
    public void refresh() {
        for (Layer layer : layers) {
            List<Tensor> pa = layer.head0().parameters();
            List<Tensor> pb = layer.others().parameters();
            for (int j = 0; j < pa.size(); j++) {
                Tensor out = layer.stacked().get(j);
                int[] one = out.shape().clone();
                one[0] = 1;
                backend.layout().concat(List.of(pa.get(j).reshape(one), pb.get(j)), 0, out);
            }
        }
    }

    /** x (1 + E, M, Fi), one input per head → (1 + E, M, F). */
    public Tensor forward(Pass p, Tensor x) {
        if (x.rank() != 3 || x.dim(0) != heads) {
            throw new IllegalArgumentException("stacked heads: x must be float32[" + heads + ", M, Fi], got " + x);
        }
        Tensor h = x;
        for (Layer layer : layers) {
            List<Tensor> w = layer.stacked();
            NormedLinear src = layer.head0();
            h = DenseFn.fusedLayer(p.graph(), h, w.get(0), w.get(1), null, w.get(2), w.get(3),
                    NormedLinear.LAYER_NORM_EPS, src.activation(), src.simnormDim());
        }
        return h;
    }
}
