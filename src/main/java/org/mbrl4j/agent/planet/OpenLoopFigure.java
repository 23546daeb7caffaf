package org.mbrl4j.agent.planet;

import java.util.ArrayList;
import java.util.List;
import org.mbrl4j.agent.EvalFigure;
import org.mbrl4j.agent.FrameRows;
import org.mbrl4j.agent.RecordedEpisode;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LayoutFn;
import org.mbrl4j.nn.Mode;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * PlaNet's open-loop video prediction figure (Hafner et al. 2019, Fig. 3/7): for the first W frames of a
 * recorded evaluation episode, three rows: the true frames; the reconstructions, the decoder's mean at
 * the filtered posterior of every frame; and the open-loop predictions: the posterior reconstructions
 * of the first C context frames, then the decoder's mean at the prior rolled forward from the last
 * context belief with the episode's actions (the prior's mean state, no samples), with no frame seen.
 * Frames are postprocessed back to the image_bits levels as u8. It runs on a graph of its own and draws
 * only from the caller's {@code rng}.
 */
final class OpenLoopFigure implements EvalFigure {
    static final int WIDTH = 10;
    static final int CONTEXT = 5;

    private final PlanetModel model;
    private final int bits;
    private final int width;
    private final int context;

    OpenLoopFigure(PlanetModel model, int bits, int width, int context) {
        if (width < 1 || context < 1) {
            throw new IllegalArgumentException("open-loop figure: width=" + width + " and context=" + context
                    + " must be >= 1");
        }
        this.model = model;
        this.bits = bits;
        this.width = width;
        this.context = context;
    }

    @Override
    public String stem() {
        return "openloop";
    }

    @Override
    public FrameRows draw(RecordedEpisode episode, Rng rng) {
        int w = Math.min(width, episode.observations().size());
        int c = Math.min(context, w);
        List<byte[]> truth = new ArrayList<>();
        List<byte[]> posterior = new ArrayList<>();
        List<byte[]> openLoop = new ArrayList<>();
        try (Graph g = new Graph(model.backend()); var s = g.noGrad()) {
            Pass p = new Pass(g, Mode.EVAL, rng);
            BeliefFilter filter = new BeliefFilter(model, 1, bits);
            RssmCell cell = model.cell();
            Tensor openH = null;
            Tensor openS = null;
            for (int t = 0; t < w; t++) {
                byte[] frame = Frames.bytes(episode.observations().get(t));
                truth.add(frame);
                if (t > 0) {
                    filter.setAction(0, episode.actions().get(t - 1));
                }
                Tensor features = filter.observe(p, new int[] {0}, new byte[][] {frame}, rng);
                byte[] recon = decode(p, features);
                posterior.add(recon);
                if (t < c) {
                    openLoop.add(recon);
                    if (t == c - 1) {
                        openS = features;
                    }
                } else {
                    if (openH == null) {
                        openH = sliceH(g, openS);
                        openS = sliceS(g, openS);
                    }
                    float[] a = episode.actions().get(t - 1);
                    RssmCell.Prior prior = cell.prior(p, openS, g.constant(a, 1, a.length), openH);
                    openH = prior.h();
                    openS = prior.dist().mean();
                    openLoop.add(decode(p, RssmCell.features(g, openS, openH)));
                }
            }
        }
        return new FrameRows(ConvEncoder.SIZE, List.of("truth", "posterior", "open loop"),
                List.of(truth, posterior, openLoop));
    }

    private byte[] decode(Pass p, Tensor features) {
        return Frames.postprocess(model.backend().toArray(model.decoder().forward(p, features)), 0, bits);
    }

    private Tensor sliceS(Graph g, Tensor features) {
        return LayoutFn.slice(g, features, 1, 0, model.cell().stochSize());
    }

    private Tensor sliceH(Graph g, Tensor features) {
        return LayoutFn.slice(g, features, 1, model.cell().stochSize(), model.cell().deterSize());
    }
}
