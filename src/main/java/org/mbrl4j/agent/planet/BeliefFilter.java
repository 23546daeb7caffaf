package org.mbrl4j.agent.planet;

import java.util.Arrays;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * The belief over the RSSM state while acting, for E episodes: each frame is filtered into the
 * posterior from the previous state (h, s) and the action taken before it, as PlaNet's agent does
 * between its plans. The state lives on the host (D + S + A values per episode), so it is cheap to
 * save, restore and gather for the episodes still running. A reset episode starts from zeros: the same
 * start as every training chunk (docs/planet.md#acting).
 */
final class BeliefFilter {
    private final PlanetModel model;
    private final int bits;
    private final float[][] h;
    private final float[][] s;
    private final float[][] a;

    BeliefFilter(PlanetModel model, int episodes, int bits) {
        this.model = model;
        this.bits = bits;
        this.h = new float[episodes][model.cell().deterSize()];
        this.s = new float[episodes][model.cell().stochSize()];
        this.a = new float[episodes][model.actionDim()];
    }

    int episodes() {
        return h.length;
    }

    /** Episode e starts: state and previous action zero. */
    void reset(int e) {
        Arrays.fill(h[e], 0f);
        Arrays.fill(s[e], 0f);
        Arrays.fill(a[e], 0f);
    }

    /** The action episode e took after its last observed frame; the next {@link #observe} conditions on it. */
    void setAction(int e, float[] action) {
        System.arraycopy(action, 0, a[e], 0, a[e].length);
    }

    /**
     * Filters one frame per listed episode (frames[i] for episodes[i]) into the posterior and returns the
     * features [s, h] (n, S + D) of the new beliefs, drawing the preprocessing noise and the posterior
     * samples from {@code rng}.
     */
    Tensor observe(Pass p, int[] episodes, byte[][] frames, Rng rng) {
        Graph g = p.graph();
        int n = episodes.length;
        int d = h[0].length;
        int st = s[0].length;
        int ad = a[0].length;
        float[] pixels = new float[n * Frames.SIZE];
        float[] hs = new float[n * d];
        float[] ss = new float[n * st];
        float[] as = new float[n * ad];
        for (int i = 0; i < n; i++) {
            int e = episodes[i];
            System.arraycopy(Frames.widen(frames[i]), 0, pixels, i * Frames.SIZE, Frames.SIZE);
            System.arraycopy(h[e], 0, hs, i * d, d);
            System.arraycopy(s[e], 0, ss, i * st, st);
            System.arraycopy(a[e], 0, as, i * ad, ad);
        }
        Tensor x = Frames.preprocess(g, pixels, bits, rng);
        Tensor embed = model.encoder().forward(p, x);
        RssmCell.Prior prior = model.cell().prior(p, g.constant(ss, n, st), g.constant(as, n, ad), g.constant(hs, n, d));
        RssmCell.Gaussian post = model.cell().posterior(p, prior.h(), embed);
        Tensor sNew = RssmCell.sample(g, post, rng.reserve((long) n * st));
        Backend be = model.backend();
        float[] hNew = be.toArray(prior.h());
        float[] sNewHost = be.toArray(sNew);
        for (int i = 0; i < n; i++) {
            System.arraycopy(hNew, i * d, h[episodes[i]], 0, d);
            System.arraycopy(sNewHost, i * st, s[episodes[i]], 0, st);
        }
        return RssmCell.features(g, sNew, prior.h());
    }

    /** Episode e's state and previous action, [h, s, a], for checkpoints. */
    float[] values(int e) {
        float[] out = new float[h[e].length + s[e].length + a[e].length];
        System.arraycopy(h[e], 0, out, 0, h[e].length);
        System.arraycopy(s[e], 0, out, h[e].length, s[e].length);
        System.arraycopy(a[e], 0, out, h[e].length + s[e].length, a[e].length);
        return out;
    }

    /** Restores episode e from {@link #values}. */
    void setValues(int e, float[] values) {
        if (values.length != h[e].length + s[e].length + a[e].length) {
            throw new IllegalArgumentException("belief: needs D + S + A = " + (h[e].length + s[e].length + a[e].length)
                    + " values, got " + values.length);
        }
        System.arraycopy(values, 0, h[e], 0, h[e].length);
        System.arraycopy(values, h[e].length, s[e], 0, s[e].length);
        System.arraycopy(values, h[e].length + s[e].length, a[e], 0, a[e].length);
    }
}
