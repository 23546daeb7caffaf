package org.mbrl4j.agent.planet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mbrl4j.agent.Divergence;
import org.mbrl4j.agent.ModelUpdateOutcome;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LayoutFn;
import org.mbrl4j.autograd.LossFn;
import org.mbrl4j.autograd.PointwiseFn;
import org.mbrl4j.autograd.ReduceFn;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.buffer.ObsArray;
import org.mbrl4j.config.PlanetTrainingConfig;
import org.mbrl4j.nn.Adam;
import org.mbrl4j.nn.GradClip;
import org.mbrl4j.nn.Mode;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.nn.Parameters;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * One PlaNet update (docs/planet.md#loss): the chunks' frames o_0..o_L are preprocessed and encoded,
 * the RSSM filters them from a zero state (action a_{t−1} before o_t, zero before o_0), and
 * <pre>
 *   L = mean_{t,b} NLL(o_t | dec(s_t, h_t))                 unit variance, summed over the pixels
 *     + reward_loss_scale · mean_{t≥1,b} NLL(r_t | rew(s_t, h_t))
 *     + kl_scale · mean_{t,b} max(KL(q(s_t) ‖ p(s_t)), free_nats)
 * </pre>
 * with r_t the reward of the transition into o_t; then the global gradient norm is clipped to
 * grad_clip_norm and Adam steps. No step is taken when the loss or the gradient norm is not finite.
 */
final class PlanetUpdate {
    static final String LOSS = "model_loss";
    static final String IMAGE_LOSS = "image_loss";
    static final String REWARD_LOSS = "reward_loss";
    static final String KL_LOSS = "kl_loss";
    static final String KL = "kl";
    static final String GRAD_NORM = "grad_norm";

    /** The per-step posterior and prior of one filtered batch and the features (N, S + D), N = (L+1)·B, time-major. */
    record Filtered(Tensor features, RssmCell.Gaussian posterior, RssmCell.Gaussian prior, Tensor frames) {}

    private final PlanetModel model;
    private final PlanetTrainingConfig config;
    private final Adam adam;
    private final GradClip clip;
    /** The Pass's dropout stream: never drawn from (the model has no dropout), so not saved. */
    private final Rng passRng;
    private final Rng rng;

    PlanetUpdate(PlanetModel model, PlanetTrainingConfig config, Rng rng) {
        this.model = model;
        this.config = config;
        List<Tensor> params = model.params().all();
        this.adam = new Adam(model.backend(), List.of(new Adam.Group("model", params, (float) config.lr(),
                (float) config.adamEps())));
        this.clip = new GradClip(model.backend(), Parameters.grads(params), (float) config.gradClipNorm());
        this.passRng = new Rng(rng.seed(), 0);
        this.rng = rng;
    }

    Adam optimizer() {
        return adam;
    }

    /** The stream of the preprocessing noise and the posterior samples. */
    Rng rng() {
        return rng;
    }

    /** The loss and its parts of one batch, scalars on the graph; {@code kl} is the KL before the free-nats clamp. */
    record Losses(Tensor loss, Tensor image, Tensor reward, Tensor klLoss, Tensor kl) {}

    /**
     * The loss of {@code batch} (class comment), drawing the preprocessing noise and the posterior samples
     * from {@code noise}; the raw KL is computed without gradients.
     */
    static Losses losses(Pass p, PlanetModel model, PlanetTrainingConfig config, Batch batch, Rng noise) {
        Graph g = p.graph();
        Filtered f = filter(p, model, batch, config.imageBits(), noise);
        int b = batch.batchSize();
        int len = batch.length();
        int n = (len + 1) * b;
        Tensor image = LossFn.unitGaussianNll(g, g.view(model.decoder().forward(p, f.features()), n, Frames.SIZE),
                g.view(f.frames(), n, Frames.SIZE));
        Tensor imageLoss = ReduceFn.meanAll(g, image);
        Tensor rewardPred = model.reward().forward(p, LayoutFn.slice(g, f.features(), 0, b, len * b));
        Tensor rewardLoss = ReduceFn.meanAll(g, LossFn.unitGaussianNll(g, g.view(rewardPred, len * b, 1),
                g.constant(batch.reward(), len * b, 1)));
        RssmCell.Gaussian q = f.posterior();
        RssmCell.Gaussian pr = f.prior();
        Tensor klLoss = ReduceFn.meanAll(g, LossFn.gaussianKl(g, q.mean(), q.std(), pr.mean(), pr.std(),
                (float) config.freeNats()));
        Tensor loss = PointwiseFn.add(g, imageLoss, PointwiseFn.add(g,
                PointwiseFn.scale(g, rewardLoss, (float) config.rewardLossScale()),
                PointwiseFn.scale(g, klLoss, (float) config.klScale())));
        Tensor kl;
        try (var s = g.noGrad()) {
            kl = ReduceFn.meanAll(g, LossFn.gaussianKl(g, q.mean(), q.std(), pr.mean(), pr.std(), 0f));
        }
        return new Losses(loss, imageLoss, rewardLoss, klLoss, kl);
    }

    ModelUpdateOutcome update(Graph g, Batch batch) {
        Pass p = new Pass(g, Mode.TRAIN, passRng);
        Losses l = losses(p, model, config, batch, rng);
        Tensor loss = l.loss();
        adam.zeroGrad();
        g.backward(loss);
        clip.clip();
        double lossValue = model.backend().toArray(loss)[0];
        double gradNorm = clip.lastNorm();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(LOSS, lossValue);
        metrics.put(IMAGE_LOSS, (double) model.backend().toArray(l.image())[0]);
        metrics.put(REWARD_LOSS, (double) model.backend().toArray(l.reward())[0]);
        metrics.put(KL_LOSS, (double) model.backend().toArray(l.klLoss())[0]);
        metrics.put(KL, (double) model.backend().toArray(l.kl())[0]);
        metrics.put(GRAD_NORM, gradNorm);
        return ModelUpdateOutcome.stepIfFinite(adam, metrics, LOSS, GRAD_NORM, this::divergence);
    }

    /**
     * Filters the batch's chunks through the RSSM: all (L+1)·B frames encoded at once, then the
     * transition and posterior step by step from a zero state with zero action before o_0.
     *
     * @throws IllegalArgumentException when the batch does not hold 3x64x64 u8 frames
     */
    static Filtered filter(Pass p, PlanetModel model, Batch batch, int bits, Rng rng) {
        if (!(batch.obs() instanceof ObsArray.U8 u8) || batch.obsDim() != Frames.SIZE) {
            throw new IllegalArgumentException("planet update: the batch holds " + batch.obs().spec()
                    + " observations; planet takes u8 frames of 3x64x64");
        }
        Graph g = p.graph();
        int b = batch.batchSize();
        int len = batch.length();
        int a = batch.actionDim();
        RssmCell cell = model.cell();
        int st = cell.stochSize();
        int d = cell.deterSize();
        Tensor frames = Frames.preprocess(g, Frames.widen(u8.values()), bits, rng);
        Tensor embed = model.encoder().forward(p, frames);
        Tensor actions = g.constant(batch.action(), len * b, a);
        Tensor s = g.constant(new float[b * st], b, st);
        Tensor h = g.constant(new float[b * d], b, d);
        Tensor action = g.constant(new float[b * a], b, a);
        List<Tensor> ss = new ArrayList<>();
        List<Tensor> hs = new ArrayList<>();
        List<Tensor> qm = new ArrayList<>();
        List<Tensor> qs = new ArrayList<>();
        List<Tensor> pm = new ArrayList<>();
        List<Tensor> ps = new ArrayList<>();
        for (int t = 0; t <= len; t++) {
            if (t > 0) {
                action = LayoutFn.slice(g, actions, 0, (t - 1) * b, b);
            }
            RssmCell.Prior prior = cell.prior(p, s, action, h);
            h = prior.h();
            RssmCell.Gaussian post = cell.posterior(p, h, LayoutFn.slice(g, embed, 0, t * b, b));
            s = RssmCell.sample(g, post, rng.reserve((long) b * st));
            ss.add(s);
            hs.add(h);
            qm.add(post.mean());
            qs.add(post.std());
            pm.add(prior.dist().mean());
            ps.add(prior.dist().std());
        }
        Tensor features = RssmCell.features(g, cat(g, ss), cat(g, hs));
        return new Filtered(features, new RssmCell.Gaussian(cat(g, qm), cat(g, qs)),
                new RssmCell.Gaussian(cat(g, pm), cat(g, ps)), frames);
    }

    private static Tensor cat(Graph g, List<Tensor> xs) {
        return LayoutFn.concat(g, 0, xs.toArray(Tensor[]::new));
    }

    Divergence divergence(String quantity, double value, long update) {
        return new Divergence(update, quantity, value, List.of("planet.lr=" + config.lr(),
                "planet.grad_clip_norm=" + config.gradClipNorm()));
    }
}
