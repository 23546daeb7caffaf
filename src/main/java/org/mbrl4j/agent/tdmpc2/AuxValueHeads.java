package org.mbrl4j.agent.tdmpc2;

import java.util.ArrayList;
import java.util.List;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LayoutFn;
import org.mbrl4j.config.MultiGammaHead;
import org.mbrl4j.nn.Init;
import org.mbrl4j.nn.Linear;
import org.mbrl4j.nn.Parameters;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.tensor.Tensor;

/**
 * The multi-discount auxiliary value heads of docs/multi-gamma.md#head-structure: for each auxiliary discount γ_i (gammas[1:])
 * a distribution over the value bins, read from the latent z. {@code joint}: one projection
 * L → G·V reshaped to G heads (docs/multi-gamma.md#head-structure); {@code separate}: one L → V linear per auxiliary discount.
 * G counts the auxiliary discounts only: the primary γ is served by the Q ensemble, and the loss of
 * docs/multi-gamma.md#loss sums over the auxiliaries. The last layers are zero-initialised like the reference's reward and
 * Q heads, so every head starts at the uniform distribution (decoded value 0). Training-only: neither
 * the planner nor the policy loss reads them (docs/multi-gamma.md#scope-and-invariants).
 */
public final class AuxValueHeads {
    public static final String PREFIX = "multi_gamma";

    private final List<Double> gammas;
    private final int bins;
    private final Linear joint;
    private final List<Linear> separate = new ArrayList<>();

    AuxValueHeads(Parameters params, int latentDim, int bins, List<Double> gammas, MultiGammaHead head) {
        this.gammas = List.copyOf(gammas);
        this.bins = bins;
        Parameters.Scope scope = params.scope(PREFIX);
        if (head == MultiGammaHead.JOINT) {
            joint = Linear.plain(scope.scope("joint"), latentDim, gammas.size() * bins, Init.Constant.ZERO);
        } else {
            joint = null;
            for (int i = 0; i < gammas.size(); i++) {
                separate.add(Linear.plain(scope.scope(Integer.toString(i)), latentDim, bins, Init.Constant.ZERO));
            }
        }
    }

    /** The auxiliary discounts, in head order. */
    public List<Double> gammas() {
        return gammas;
    }

    /** Logits for every auxiliary discount: z (..., L) → (M, G, V), M the flattened leading dims. */
    public Tensor logits(Pass p, Tensor z) {
        Graph g = p.graph();
        int r = Math.toIntExact(z.numel() / z.dim(-1));
        int m = gammas.size();
        Tensor flat = g.view(z, r, z.dim(-1));
        if (joint != null) {
            return g.view(joint.forward(p, flat), r, m, bins); // (M, G·V) row-major is (M, G, V)
        }
        Tensor[] heads = new Tensor[m];
        for (int i = 0; i < m; i++) {
            heads[i] = g.view(separate.get(i).forward(p, flat), r, 1, bins);
        }
        return m == 1 ? heads[0] : LayoutFn.concat(g, 1, heads);
    }
}
