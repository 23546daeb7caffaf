package org.mbrl4j.agent.planner;

import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.tdmpc2.LatentRollout;
import org.mbrl4j.agent.tdmpc2.Rollout;
import org.mbrl4j.agent.tdmpc2.RolloutHeadMode;
import org.mbrl4j.agent.tdmpc2.WorldModel;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LayoutFn;
import org.mbrl4j.autograd.RandomFn;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.config.WarmStart;
import org.mbrl4j.nn.Mode;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * The spec 000 planner (common/planner/planner.py): MPPI with frozen policy seeds, softmax elite
 * weights over scores divided by a temperature, a warm-started mean ({@code prev_mean} shifted one step
 * as the reference does, or copied as spec 000 writes it: {@code planner_warm_start}; the std restarts
 * at max_std every call) and no exploration noise. Evaluation picks the argmax
 * candidate; training samples an elite from the final weights and adds the disagreement bonus.
 *
 * <p>Every draw (Gaussian samples, policy seeds, bootstrap actions, Q pairs, the training pick) comes
 * from one Philox stream owned by the planner, so a plan is reproducible from (seed, {@link #rngCounter()})
 * and the warm-start mean. A call allocates only in the caller's graph arena.
 */
public final class Planner {
    /** The planner's Philox stream: "planner" in ASCII. */
    public static final long PLANNER_STREAM = 0x706C616E6E6572L;

    private final PlanningModel model;
    private final PlannerSettings settings;
    private final Backend backend;
    private final Sampling sampling;
    private final Scoring scoring;
    /** prev_mean (T, A): the warm start, zeros initially. */
    private final Tensor prevMean;
    private Rng rng;

    public Planner(WorldModel model, LatentRollout rollout, PlannerSettings settings) {
        this(new WorldModelPlanning(model, rollout), settings);
    }

    public Planner(PlanningModel model, PlannerSettings settings) {
        if (model.actionDim() != settings.actionDim()) {
            throw new IllegalArgumentException("planner: the model's action dim " + model.actionDim()
                    + " differs from the run's action dim " + settings.actionDim());
        }
        if (model.dynamicsHeads() != settings.dynamicsHeads()) {
            throw new IllegalArgumentException("planner: the model has " + model.dynamicsHeads()
                    + " dynamics heads but planner_num_dynamics_heads=" + settings.dynamicsHeads());
        }
        this.model = model;
        this.settings = settings;
        this.backend = model.backend();
        this.sampling = new Sampling(settings.minStd(), settings.maxStd());
        this.scoring = new Scoring(model, settings.discount());
        this.prevMean = backend.zeros(settings.horizon(), settings.actionDim());
        this.rng = new Rng(settings.seed(), PLANNER_STREAM);
    }

    public PlannerSettings settings() {
        return settings;
    }

    /** reset_warm_start: prev_mean = 0 (call when an episode starts). */
    public void resetWarmStart() {
        backend.fill(prevMean, 0f);
    }

    /** A host copy of prev_mean (T·A values, row-major). */
    public float[] prevMean() {
        return backend.toArray(prevMean);
    }

    /** Restores prev_mean (checkpoint resume). */
    public void setPrevMean(float[] values) {
        if (values.length != prevMean.numel()) {
            throw new IllegalArgumentException("planner: prev_mean needs T*A=" + prevMean.numel() + " values, got "
                    + values.length);
        }
        backend.upload(values, 0, prevMean);
    }

    /** The next unused block of the planner's Philox stream (save it in checkpoints). */
    public long rngCounter() {
        return rng.counter();
    }

    public void setRngCounter(long counter) {
        if (counter < 0) {
            throw new IllegalArgumentException("planner: rng counter " + counter + " must be >= 0");
        }
        rng = new Rng(settings.seed(), PLANNER_STREAM, counter);
    }

    /**
     * plan (spec 000): z0 (L) or (1, L) → the chosen action and the info, a PlannerAdvancedInfo when
     * log_detailed_every > 0 and step % log_detailed_every == 0. Runs under no-grad with the model in
     * eval mode; the caller resets {@code g} afterwards.
     */
    public PlanResult plan(Graph g, Tensor z0, ActMode mode, long step) {
        requireInputs(g, z0, mode);
        try (var noGrad = g.noGrad()) {
            Pass p = new Pass(g, Mode.EVAL, rng);
            // Initialization: mean from prev_mean (warm start); std = full(max_std); policy seeds once, frozen.
            Tensor mean = warmStartMean(g);
            Tensor std = g.temp(settings.horizon(), settings.actionDim());
            backend.fill(std, settings.maxStd());
            Rollout seeds = settings.numSeeds() > 0 ? model.rolloutLatentsWithPolicy(p, z0, settings.horizon(),
                    settings.numSeeds(), settings.headMode(mode), rng) : null;
            Iteration last = null;
            for (int i = 0; i < settings.iterations(); i++) {
                last = iterate(p, z0, mean, std, seeds, mode);
                mean = last.refit().mean();
                std = last.refit().std();
            }
            // Post-iterations: action selection, infos, prev_mean = final mean.
            int pick = selectElite(g, last, mode);
            PlanResult result = PlannerInfos.result(g, last, pick, settings.detailedAt(step));
            backend.copy(mean, prevMean);
            return result;
        }
    }

    /**
     * The initial mean (T, A). copy: {@code prev_mean.clone()} (spec 000). shift: {@code mean[:-1] =
     * prev_mean[1:]}, {@code mean[-1] = 0} (the reference's warm start, tdmpc2-facts §5.2 step 3).
     */
    private Tensor warmStartMean(Graph g) {
        int t = settings.horizon();
        Tensor mean = g.temp(t, settings.actionDim());
        if (settings.warmStart() == WarmStart.COPY) {
            backend.copy(prevMean, mean);
            return mean;
        }
        backend.fill(mean, 0f);
        if (t > 1) {
            backend.copy(prevMean.rows(1, t - 1), mean.rows(0, t - 1));
        }
        return mean;
    }

    /** Iteration loop steps 1-10 of spec 000. */
    private Iteration iterate(Pass p, Tensor z0, Tensor mean, Tensor std, Rollout seeds, ActMode mode) {
        Graph g = p.graph();
        int n = settings.numSamples();
        // 1) actions_s = sample_action_sequences(mean, std, N)
        Tensor sampled = sampling.sampleActionSequences(g, mean, std, n,
                rng.reserve((long) n * settings.horizon() * settings.actionDim()));
        // 2) latents_s, actions_s = rollout_latents(z0, actions=actions_s, head_mode)
        Rollout rolled = model.rolloutLatents(p, z0, sampled, settings.headMode(mode));
        // 3) concatenate with the policy seeds: actions_cat (E, T, A), latents_cat (H, E, T+1, L)
        Tensor actionsCat = seeds == null ? rolled.actions() : LayoutFn.concat(g, 0, seeds.actions(), rolled.actions());
        Tensor latentsCat = seeds == null ? rolled.latents() : LayoutFn.concat(g, 1, seeds.latents(), rolled.latents());
        int heads = requireHeads(latentsCat, actionsCat.dim(0));
        // 4) latents_head0 = latents_cat[0] (head 0 is the leading block: a view)
        Tensor latentsHead0 = latentsCat.rows(0, 1).reshape(latentsCat.dim(1), latentsCat.dim(2), latentsCat.dim(3));
        // 5) values of head 0
        Scoring.Values values = scoring.computeValuesHead0(p, latentsHead0, actionsCat, rng);
        // 6) disagreement over the final latents, training with H > 1 only
        Tensor dis = mode == ActMode.TRAIN && heads > 1 ? Scoring.computeDisagreement(g, finalLatents(g, latentsCat))
                : null;
        // 7) scores = combine_scores(values_scaled, dis, lambda_d)
        Tensor scores = Scoring.combineScores(g, values.scaled(), dis, settings.lambda(mode));
        // 8-10) top-K elites, softmax weights, mean/std refit
        EliteRefit.Refit refit = EliteRefit.refit(g, actionsCat, scores, settings.numElites(),
                settings.temperature(mode), settings.minStd(), settings.maxStd());
        return new Iteration(actionsCat, latentsCat, values, dis, scores, refit);
    }

    /** latents_cat[:, :, -1, :]: (H, E, T+1, L) → (H, E, L). */
    private static Tensor finalLatents(Graph g, Tensor latentsCat) {
        int t = latentsCat.dim(2) - 1;
        return g.view(LayoutFn.slice(g, latentsCat, 2, t, 1), latentsCat.dim(0), latentsCat.dim(1), latentsCat.dim(3));
    }

    /**
     * Action selection. Eval: scores.argmax(), which is elite 0 (top-k is descending with ties to the
     * smaller index, as torch's argmax). Train: an elite drawn from softmax(scores[elites] / temp),
     * the final iteration's weights. Returns the position within the elites.
     */
    private int selectElite(Graph g, Iteration last, ActMode mode) {
        if (mode == ActMode.EVAL) {
            return 0;
        }
        Tensor w = last.refit().weights();
        Tensor draw = RandomFn.categorical(g, rng.reserve(1), g.view(w, 1, w.dim(0)));
        return backend.toIntArray(draw)[0];
    }

    /** Assertion of spec 000: latents_cat.shape[0] in {1, planner_num_dynamics_heads}. */
    private int requireHeads(Tensor latentsCat, int candidates) {
        int h = latentsCat.dim(0);
        if (h != 1 && h != settings.dynamicsHeads()) {
            throw new IllegalStateException("planner: latents_cat has " + h + " heads, expected 1 or "
                    + "planner_num_dynamics_heads=" + settings.dynamicsHeads());
        }
        int[] expected = {h, candidates, settings.horizon() + 1, model.latentDim()};
        Shapes.requireShape("planner", "latents_cat", latentsCat, expected);
        return h;
    }

    private void requireInputs(Graph g, Tensor z0, ActMode mode) {
        if (mode == null) {
            throw new IllegalArgumentException("plan: mode must be TRAIN or EVAL, got null");
        }
        if (g.backend() != backend) {
            throw new IllegalArgumentException("plan: the graph runs on " + g.backend().describe()
                    + " but the model lives on " + backend.describe());
        }
        int l = model.latentDim();
        boolean ok = (z0.rank() == 1 && z0.dim(0) == l) || (z0.rank() == 2 && z0.dim(0) == 1 && z0.dim(1) == l);
        if (!ok) {
            throw new IllegalArgumentException("plan: z0 must be float32[L] or [1, L] with L=" + l + ", got "
                    + Shapes.str(z0.shape()));
        }
    }
}
