package org.mbrl4j.backend.cpu;

import org.mbrl4j.tensor.Tensor;

/**
 * KL divergence between diagonal Gaussians with free nats, per row (PlaNet, google-research/planet
 * planet/models/rssm.py {@code divergence}: {@code kl_divergence(posterior, prior)} summed over the
 * state dims; its training loss then clamps each example's (batch, time) sum with free nats = 3):
 * <pre>
 *   kl_r  = Σ_j ln(σp/σq) + (σq² + (μq - μp)²) / (2σp²) - ½
 *   out_r = max(kl_r, freeNats)
 * </pre>
 * q is the posterior, p the prior; both sides are differentiable (PlaNet has no stop-gradient).
 * PlaNet's code writes the clamp as {@code max(0, kl - freeNats)}: the same gradient, the value shifted
 * by the constant freeNats. σ is the std itself (the RSSM's {@code softplus(·) + min_std}), so the
 * autograd chain reaches the softplus through dσ.
 *
 * <p>Shapes: μq, σq, μp, σp (M, F); out, dout (M). The forward evaluates each term in float64 and
 * accumulates the row in float64. Backward, where out_r > freeNats (the clamp does not bind), with
 * d = μq - μp and g = dout_r: dμq += g·d/σp², dμp -= g·d/σp², dσq += g·(σq/σp² - 1/σq),
 * dσp += g·(1/σp - (σq² + d²)/σp³); rows where the clamp binds get no gradient.
 */
final class LossGaussianKl {
    private LossGaussianKl() {}

    static void forward(Tensor muQ, Tensor stdQ, Tensor muP, Tensor stdP, float freeNats, Tensor out, int rows,
            int cols) {
        float[] mq = muQ.floats(), sq = stdQ.floats(), mp = muP.floats(), sp = stdP.floats(), o = out.floats();
        int mqo = muQ.off(), sqo = stdQ.off(), mpo = muP.off(), spo = stdP.off(), oo = out.off();
        Parallel.forRange(rows, 12L * cols, (from, until) -> {
            for (int r = from; r < until; r++) {
                double sum = 0;
                int base = r * cols;
                for (int c = 0; c < cols; c++) {
                    sum += term(mq[mqo + base + c], sq[sqo + base + c], mp[mpo + base + c], sp[spo + base + c]);
                }
                o[oo + r] = Math.max((float) sum, freeNats);
            }
        });
    }

    /** One dim's KL in float64: ln σp - ln σq + (σq² + d²) / (2σp²) - ½. */
    static double term(float muQ, float stdQ, float muP, float stdP) {
        double d = (double) muQ - muP;
        double vq = (double) stdQ * stdQ;
        double vp = (double) stdP * stdP;
        return Math.log(stdP) - Math.log(stdQ) + (vq + d * d) / (2 * vp) - 0.5;
    }

    /** Any gradient may be null. */
    static void backward(Tensor muQ, Tensor stdQ, Tensor muP, Tensor stdP, float freeNats, Tensor out, Tensor dout,
            Tensor dmuQ, Tensor dstdQ, Tensor dmuP, Tensor dstdP, int rows, int cols) {
        float[] mq = muQ.floats(), sq = stdQ.floats(), mp = muP.floats(), sp = stdP.floats();
        float[] o = out.floats(), go = dout.floats();
        int mqo = muQ.off(), sqo = stdQ.off(), mpo = muP.off(), spo = stdP.off(), oo = out.off(), goo = dout.off();
        Grad gmq = Grad.of(dmuQ), gsq = Grad.of(dstdQ), gmp = Grad.of(dmuP), gsp = Grad.of(dstdP);
        Parallel.forRange(rows, 12L * cols, (from, until) -> {
            for (int r = from; r < until; r++) {
                if (!(o[oo + r] > freeNats)) {
                    continue; // the clamp binds: max(kl, freeNats) is flat in every input
                }
                float g = go[goo + r];
                int base = r * cols;
                for (int c = 0; c < cols; c++) {
                    int i = base + c;
                    float q = sq[sqo + i], p = sp[spo + i];
                    float d = mq[mqo + i] - mp[mpo + i];
                    float vp = p * p;
                    float dmu = g * (d / vp);
                    float dsq = g * (q / vp - 1f / q);
                    float dsp = g * (1f / p - (q * q + d * d) / (vp * p));
                    gmq.add(i, dmu);
                    gmp.add(i, -dmu);
                    gsq.add(i, dsq);
                    gsp.add(i, dsp);
                }
            }
        });
    }

    /** An optional accumulating gradient; a null tensor drops its adds. */
    private record Grad(float[] a, int off) {
        static Grad of(Tensor t) {
            return t == null ? new Grad(null, 0) : new Grad(t.floats(), t.off());
        }

        void add(int i, float v) {
            if (a != null) {
                a[off + i] += v;
            }
        }
    }
}
