package org.mbrl4j.agent.tdmpc2;

import java.util.ArrayList;
import java.util.List;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LayoutFn;
import org.mbrl4j.autograd.LossFn;
import org.mbrl4j.autograd.NormFn;
import org.mbrl4j.autograd.SelectFn;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.Bins;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.nn.Mode;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * Takes an {@link AuxSnapshot} without touching training state: everything runs in eval mode (no
 * dropout draw) under no-grad on the caller's graph, the policy eps and target-head pair of the
 * bootstrap come from the caller's {@code rng}, and no optimizer, running scale or agent stream is
 * read or advanced. The math is the update's: {@link TdTargets} for the targets, the world model's
 * encoder and dynamics for the latents z_0 = h(o_0), z_{t+1} = d(z_t, a_t), and the fused two-hot ops
 * for CE and decoding. Shapes: T horizon, B batch, L latent, A action, G auxiliary discounts, V bins,
 * X examples.
 */
final class AuxSnapshotProbe {
    private final WorldModel model;
    private final float discount;
    private final double primaryGamma;

    AuxSnapshotProbe(WorldModel model, double primaryGamma) {
        if (model.aux() == null) {
            throw new IllegalArgumentException("AuxSnapshotProbe: the model has no auxiliary heads"
                    + " (multi_gamma.enabled=true with more than one discount builds them)");
        }
        this.model = model;
        this.primaryGamma = primaryGamma;
        this.discount = (float) primaryGamma;
    }

    /** The snapshot of {@code batch}; {@code g} is left with temporaries only (the caller resets it). */
    AuxSnapshot take(Graph g, Batch batch, AuxSnapshot.Tier tier, int logNumExamples, Rng rng) {
        int h = batch.length();
        int b = batch.batchSize();
        List<Double> gammas = model.aux().gammas();
        int m = gammas.size();
        int n = tier.examples(logNumExamples, b);
        Backend be = model.backend();
        Bins bins = model.dims().bins();
        try (var s = g.noGrad()) {
            Pass eval = new Pass(g, Mode.EVAL, rng);
            Tensor obs = ObsTensors.constant(g, batch.obs(), h + 1, b, batch.obsDim());
            Tensor action = g.constant(batch.action(), h, b, batch.actionDim());
            Tensor reward = g.constant(batch.reward(), h, b);
            Tensor nextZ = model.encode(eval, LayoutFn.slice(g, obs, 0, 1, h));
            TdTargets td = TdTargets.compute(eval, model, discount, rng, nextZ, reward,
                    g.constant(batch.terminated(), h, b));
            Tensor y = td.auxiliary(g, reward, gammas); // (T, B, G)
            Tensor logits = model.aux().logits(eval, latents(eval, obs, action)); // (T·B, G, V)
            Tensor ce = LossFn.twoHotSoftCe(g, logits, g.view(y, h * b, m), bins); // (T·B, G)
            Tensor decoded = LossFn.twoHotExpectation(g, logits, bins); // (T·B, G)
            Rows rows = new Rows(h, b, m, be.toArray(y), be.toArray(decoded), be.toArray(ce));
            List<AuxSnapshot.Summary> summary = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                summary.add(rows.summary(i, gammas.get(i), tier));
            }
            Detail detail = tier == AuxSnapshot.Tier.DEBUG
                    ? detail(g, y, g.view(logits, h, b, m, bins.numBins()), n, be.toArray(td.bootstrap())) : null;
            List<AuxSnapshot.Example> examples = new ArrayList<>();
            for (int e = 0; e < n; e++) {
                examples.add(rows.example(e, gammas, detail));
            }
            return new AuxSnapshot(gammas, primaryGamma, b, h, tier, summary, examples);
        }
    }

    /** z_t for t < T (T, B, L): z_0 = h(o_0), z_{t+1} = d(z_t, a_t), as the update's rollout. */
    private Tensor latents(Pass eval, Tensor obs, Tensor action) {
        Graph g = eval.graph();
        int h = action.dim(0);
        int b = action.dim(1);
        int l = model.dims().latentDim();
        Tensor z = model.encode(eval, g.view(LayoutFn.slice(g, obs, 0, 0, 1), b, obs.dim(2)));
        Tensor[] zs = new Tensor[h];
        zs[0] = g.view(z, 1, b, l);
        for (int t = 0; t + 1 < h; t++) {
            z = model.next(eval, z, g.view(LayoutFn.slice(g, action, 0, t, 1), b, action.dim(2)));
            zs[t + 1] = g.view(z, 1, b, l);
        }
        return h == 1 ? zs[0] : LayoutFn.concat(g, 0, zs);
    }

    /**
     * Debug detail of the first X windows: the targets' two-hot weights (T, X, G, V), the predicted
     * distribution's top-2 bins and probabilities (T, X, G, 2), and the bootstrap (T·B, row t·B + b).
     */
    private record Detail(int n, int k, float[] twoHot, int[] topBins, float[] topProbs, float[] bootstrap) {

        /** Row of (t, e, i) in the (T, X, G, ·) tensors. */
        int row(int t, int e, int i, int m) {
            return (t * n + e) * m + i;
        }

        /**
         * The two-hot's lower bin: the first with weight, capped at V−2 (y = vmax puts all of it on
         * V−1, i.e. weight 0 on V−2); −1 for a NaN target.
         */
        int lowerBin(int row) {
            for (int j = 0; j < k; j++) {
                if (twoHot[row * k + j] > 0f) {
                    return Math.min(j, k - 2);
                }
            }
            return -1;
        }
    }

    private Detail detail(Graph g, Tensor y, Tensor logits, int n, float[] bootstrap) {
        Bins bins = model.dims().bins();
        Backend be = model.backend();
        Tensor twoHot = LossFn.twoHotEncode(g, LayoutFn.slice(g, y, 1, 0, n), bins); // (T, X, G, V)
        Tensor probs = NormFn.softmax(g, LayoutFn.slice(g, logits, 1, 0, n)); // (T, X, G, V)
        SelectFn.TopK top = SelectFn.topk(g, probs, 2); // (T, X, G, 2), most probable first
        return new Detail(n, bins.numBins(), be.toArray(twoHot), be.toIntArray(top.indices()), be.toArray(top.values()),
                bootstrap);
    }

    /** Host copies of y, ŷ and CE, each (T·B·G) with element (t, b, i) at (t·B + b)·G + i. */
    private record Rows(int h, int b, int m, float[] y, float[] pred, float[] ce) {

        int at(int t, int e, int i) {
            return (t * b + e) * m + i;
        }

        AuxSnapshot.Summary summary(int i, double gamma, AuxSnapshot.Tier tier) {
            double abs = 0;
            double sq = 0;
            double ceSum = 0;
            double[] perStep = new double[h];
            for (int t = 0; t < h; t++) {
                for (int e = 0; e < b; e++) {
                    int r = at(t, e, i);
                    double d = (double) pred[r] - y[r];
                    abs += Math.abs(d);
                    sq += d * d;
                    perStep[t] += ce[r];
                }
                ceSum += perStep[t];
                perStep[t] /= b;
            }
            double count = (double) h * b;
            return new AuxSnapshot.Summary(gamma, abs / count, Math.sqrt(sq / count), ceSum / count,
                    tier == AuxSnapshot.Tier.DEBUG ? perStep : null);
        }

        AuxSnapshot.Example example(int e, List<Double> gammas, Detail detail) {
            List<AuxSnapshot.ExampleGamma> out = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                int r = at(0, e, i);
                out.add(new AuxSnapshot.ExampleGamma(gammas.get(i), y[r], pred[r], Math.abs(pred[r] - y[r]),
                        detail == null ? null : steps(e, i, detail)));
            }
            float[] boot = null;
            if (detail != null) {
                boot = new float[h];
                for (int t = 0; t < h; t++) {
                    boot[t] = detail.bootstrap()[t * b + e];
                }
            }
            return new AuxSnapshot.Example(e, boot, out);
        }

        private AuxSnapshot.Steps steps(int e, int i, Detail d) {
            float[] ts = new float[h];
            float[] ps = new float[h];
            int[] lower = new int[h];
            float[] weight = new float[h];
            int[][] top = new int[h][];
            float[][] probs = new float[h][];
            for (int t = 0; t < h; t++) {
                ts[t] = y[at(t, e, i)];
                ps[t] = pred[at(t, e, i)];
                int row = d.row(t, e, i, m);
                lower[t] = d.lowerBin(row);
                weight[t] = lower[t] < 0 ? Float.NaN : d.twoHot()[row * d.k() + lower[t]];
                top[t] = new int[] {d.topBins()[2 * row], d.topBins()[2 * row + 1]};
                probs[t] = new float[] {d.topProbs()[2 * row], d.topProbs()[2 * row + 1]};
            }
            return new AuxSnapshot.Steps(ts, ps, lower, weight, top, probs);
        }
    }
}
