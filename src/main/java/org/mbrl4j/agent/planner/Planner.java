package org.mbrl4j.agent.planner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mbrl4j.agent.ActInfoTotals;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.PhaseRanges;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LayoutFn;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.PhaseSequence;
import org.mbrl4j.config.WarmStart;
import org.mbrl4j.nn.Mode;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * The shared sampling planner (the loop of docs/planner.md's plan()): a warm-started mean ({@code prev_mean}
 * shifted one step as the reference does, or copied (docs/planner.md#warm-start): {@code planner_warm_start};
 * the std restarts at max_std every call), Gaussian candidate action sequences, the top-K elites and
 * the refit of mean and std, repeated for the configured iterations, then the chosen action and the
 * info. The {@link Scorer} decides the rest: {@link MppiScorer} makes this docs/planner.md's MPPI planner,
 * {@link CemScorer} a plain CEM.
 *
 * <p>Every draw (Gaussian samples and whatever the scorer draws: policy seeds, bootstrap actions, Q
 * pairs, the training pick) comes from one Philox stream owned by the planner, so a plan is
 * reproducible from (seed, {@link #rngCounter()}) and the warm-start mean. A call allocates only in
 * the caller's graph arena, except the first call for a number of episodes, which makes that number's
 * persistent outputs (docs/planner.md#results-on-device). {@link #planOnDevice} and {@link #collect}
 * split a plan at the action download, for CUDA-graph capture (docs/planner.md#cuda-graphs).
 */
public final class Planner {
    /** The planner's Philox stream: "planner" in ASCII. */
    public static final long PLANNER_STREAM = 0x706C616E6E6572L;

    private final PlannerSettings settings;
    private final Scorer scorer;
    private final Backend backend;
    private final Sampling sampling;
    /** prev_mean (T, A): the warm start, zeros initially. */
    private final Tensor prevMean;
    /** The profiler range names "iteration 0".. of this planner's iterations, built once. */
    private final String[] iterationRanges;
    /** The persistent outputs per episode count E (1 for act, E for evaluation actors). */
    private final Map<Integer, PlanOutputs> outputs = new HashMap<>();
    /** The infos summed on device per act mode ({@link #sumInfos()}), else null: infos are read per plan. */
    private Map<ActMode, PlannerInfoSums> infoSums;
    private Rng rng;

    public Planner(PlannerSettings settings, Scorer scorer) {
        LatentModel model = scorer.model();
        if (model.actionDim() != settings.actionDim()) {
            throw new IllegalArgumentException("planner: the model's action dim " + model.actionDim()
                    + " differs from the run's action dim " + settings.actionDim());
        }
        int s = scorer.numFixedCandidates();
        int candidates = s + settings.numSamples();
        if (settings.numElites() > candidates) {
            throw new IllegalArgumentException("planner: num_elites=" + settings.numElites() + " must be in [1, S + N]"
                    + " = [1, " + candidates + "] (S = " + s + " fixed candidates: planner_num_seed_policy_trajectories"
                    + " for MPPI; N = num_samples = " + settings.numSamples() + ")");
        }
        this.settings = settings;
        this.scorer = scorer;
        this.backend = model.backend();
        this.sampling = new Sampling(settings.minStd(), settings.maxStd());
        this.prevMean = backend.zeros(settings.horizon(), settings.actionDim());
        this.rng = new Rng(settings.seed(), PLANNER_STREAM);
        this.iterationRanges = PhaseRanges.iterations(settings.iterations());
    }

    public PlannerSettings settings() {
        return settings;
    }

    public Scorer scorer() {
        return scorer;
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

    /**
     * From now on every plan also adds its scalar infos to a device sum per act mode (in the plan's
     * device part, so a captured plan carries it), read by {@link #drainInfoSums}; the plans' own infos
     * are no longer read back before the next plan (readable until then). Call before the first plan.
     */
    public void sumInfos() {
        if (infoSums == null) {
            infoSums = new EnumMap<>(ActMode.class);
            for (ActMode mode : ActMode.values()) {
                infoSums.put(mode, new PlannerInfoSums(backend, settings.numElites()));
            }
        }
    }

    /** The infos of {@code mode}'s plans summed since the last call (one download); see {@link #sumInfos}. */
    public ActInfoTotals drainInfoSums(ActMode mode) {
        if (infoSums == null) {
            throw new IllegalStateException("planner: drainInfoSums(" + mode + ") without sumInfos(): infos are read per plan");
        }
        return infoSums.get(mode).drain();
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
     * plan (docs/planner.md#plan-algorithm): z0 (L) or (1, L) → the chosen action and the info, a PlannerAdvancedInfo when
     * log_detailed_every > 0 and step % log_detailed_every == 0. Runs under no-grad with the model in
     * eval mode; the caller resets {@code g} afterwards. Uses the planner's own warm start and stream.
     */
    public PlanResult plan(Graph g, Tensor z0, ActMode mode, long step) {
        requireInputs(g, z0, mode);
        int t = settings.horizon();
        int a = settings.actionDim();
        return planEach(g, g.view(z0, 1, scorer.model().latentDim()), prevMean.reshape(1, t, a), mode, step, rng)
                .get(0);
    }

    /**
     * plan for E episodes side by side (docs/planner.md#batched-planning): z0 (E, L), one row per
     * episode, warm-started from {@code prevMeans} (E, T, A), which receives each episode's final mean.
     * The rollouts, scores and elite refits of all E·C candidates run as one batch (the costly part); warm
     * start, sampling and the choice run per episode, in episode order, drawing from {@code rng}
     * (not the planner's own stream, so evaluation never moves training's draws). With E = 1 it is
     * {@link #plan} with another stream and warm start: the same ops in the same order. Opens the
     * profiler ranges of {@link PhaseRanges} from "plan" down.
     */
    public List<PlanResult> planEach(Graph g, Tensor z0, Tensor prevMeans, ActMode mode, long step, Rng rng) {
        settleInfos();
        return collect(planOnDevice(g, z0, prevMeans, mode, step, rng, false));
    }

    /**
     * {@link #plan}'s device part: {@link #planOnDevice(Graph, Tensor, Tensor, ActMode, long, Rng, boolean)}
     * for one episode z0 (1, L) with this planner's warm start, drawing from {@code rng} (a captured plan
     * passes a copy of this planner's stream and moves the stream itself after each replay).
     */
    public DevicePlan planOnDevice(Graph g, Tensor z0, ActMode mode, long step, Rng rng, boolean captured) {
        return planOnDevice(g, z0, prevMean.reshape(1, settings.horizon(), settings.actionDim()), mode, step, rng,
                captured);
    }

    /**
     * {@link #planEach} up to the action choice: everything on device, nothing read back (except on
     * detailed-logging steps, whose infos read the whole final iteration), the results left in this
     * planner's persistent outputs for {@link #collect}. With the draws keyed through a bound device key
     * it is what a CUDA graph captures. Call {@link #settleInfos()} first.
     *
     * @param captured being captured: no read-back at all (the drawn elite's weights are checked by
     *     {@link #collect}), and {@code step} must not be a detailed-logging step
     */
    public DevicePlan planOnDevice(Graph g, Tensor z0, Tensor prevMeans, ActMode mode, long step, Rng rng,
            boolean captured) {
        if (captured && settings.detailedAt(step)) {
            throw new IllegalArgumentException("plan: step " + step + " is a detailed-logging step (log_detailed_every="
                    + settings.logDetailedEvery() + "), whose infos read back the whole final iteration: plan it eagerly, never captured");
        }
        requireBatchInputs(g, z0, prevMeans, mode);
        int episodes = z0.dim(0);
        int t = settings.horizon();
        int a = settings.actionDim();
        PlanOutputs out = outputs(episodes);
        scorer.model().beginPlan();
        try (var plan = PhaseSequence.open(backend, PhaseRanges.PLAN); var noGrad = g.noGrad()) {
            plan.next(PhaseRanges.WARM_START);
            Pass p = new Pass(g, Mode.EVAL, rng);
            // Initialization: mean from prev_mean (warm start); std = full(max_std); fixed candidates once, frozen.
            Tensor[] mean = new Tensor[episodes];
            Tensor[] std = new Tensor[episodes];
            for (int e = 0; e < episodes; e++) {
                mean[e] = warmStartMean(g, prevMeans.rows(e, 1).reshape(t, a));
                std[e] = g.temp(t, a);
                backend.fill(std[e], settings.maxStd());
            }
            plan.next(PhaseRanges.POLICY_SEEDS);
            Rollout fixed = scorer.fixedCandidates(p, z0, t, mode, rng);
            Iteration[] last = null;
            for (int i = 0; i < settings.iterations(); i++) {
                plan.next(iterationRanges[i]);
                try (var steps = PhaseSequence.open(backend)) {
                    last = iterate(steps, p, z0, mean, std, fixed, mode, rng, settings.detailedAt(step));
                }
                for (int e = 0; e < episodes; e++) {
                    mean[e] = last[e].refit().mean();
                    std[e] = last[e].refit().std();
                }
            }
            // Post-iterations: action selection, infos, prev_mean = final mean.
            plan.next(PhaseRanges.CHOOSE);
            ActionChoice choice = scorer.choice(mode);
            for (int e = 0; e < episodes; e++) {
                PhiloxKey drawKey = choice == ActionChoice.DRAWN_ELITE ? rng.reserve(1) : null;
                PlannerInfos.write(g, last[e], choice, drawKey, !captured, out, e);
                if (infoSums != null) {
                    infoSums.get(mode).add(g, out, e, last[e].scores().disagreements() != null);
                }
                backend.copy(mean[e], prevMeans.rows(e, 1).reshape(t, a));
            }
            PlannerAdvancedInfo[] detailed = settings.detailedAt(step) ? new PlannerAdvancedInfo[episodes] : null;
            if (detailed != null) {
                long generation = out.nextGeneration();
                for (int e = 0; e < episodes; e++) {
                    PlannerBasicInfo basic = new DeferredPlannerInfo(out, e, last[e].scores().disagreements() != null)
                            .basic();
                    detailed[e] = PlannerInfos.advanced(g, last[e], basic);
                }
                return new DevicePlan(out, choice, last[0].scores().disagreements() != null, detailed, generation,
                        mode);
            }
            return new DevicePlan(out, choice, last[0].scores().disagreements() != null, null, -1, mode);
        }
    }

    /**
     * Reads back what {@link #planOnDevice} (or a replay of its capture) left in the outputs: one
     * download of the actions and weights; the infos stay on device until read.
     *
     * @throws NonFiniteWeightsException when an elite was drawn from weights that are not all finite: the
     *     model's values overflowed
     */
    public List<PlanResult> collect(DevicePlan plan) {
        PlanOutputs out = plan.outputs();
        if (plan.detailed() == null || plan.generation() != out.generation()) {
            out.nextGeneration();
        }
        if (infoSums != null) {
            infoSums.get(plan.mode()).counted(out.episodes(), plan.disagreements());
        }
        int a = out.actionDim();
        int k = out.numElites();
        List<PlanResult> results = new ArrayList<>(out.episodes());
        for (int e = 0; e < out.episodes(); e++) {
            float[] row = out.hostFloats(e);
            if (plan.choice() == ActionChoice.DRAWN_ELITE) {
                for (int j = a; j < a + k; j++) {
                    if (!Float.isFinite(row[j])) {
                        throw new NonFiniteWeightsException(row[j]);
                    }
                }
            }
            PlannerInfo info;
            if (plan.detailed() != null) {
                info = plan.detailed()[e];
            } else {
                DeferredPlannerInfo deferred = new DeferredPlannerInfo(out, e, plan.disagreements());
                if (infoSums == null) {
                    out.register(deferred);
                }
                info = deferred;
            }
            results.add(new PlanResult(Arrays.copyOf(row, a), info));
        }
        return results;
    }

    /** Reads back the infos of the previous plan that nobody read yet (before anything overwrites them). */
    public void settleInfos() {
        for (PlanOutputs out : outputs.values()) {
            out.settle();
        }
    }

    /** The persistent outputs of plans of E episodes, made on first use (never inside a capture). */
    private PlanOutputs outputs(int episodes) {
        return outputs.computeIfAbsent(episodes,
                e -> new PlanOutputs(backend, e, settings.numElites(), settings.actionDim()));
    }

    /**
     * What {@link #planOnDevice} leaves for {@link #collect}: the outputs, the choice (a drawn elite
     * needs finite weights), whether disagreements were computed, and on detailed-logging steps the
     * infos already read back with their generation, and the act mode (whose info sums count it).
     */
    public record DevicePlan(PlanOutputs outputs, ActionChoice choice, boolean disagreements,
            PlannerAdvancedInfo[] detailed, long generation, ActMode mode) {}

    /**
     * The initial mean (T, A) from {@code prev} (T, A). copy: {@code prev_mean.clone()} (docs/planner.md#warm-start).
     * shift: {@code mean[:-1] = prev_mean[1:]}, {@code mean[-1] = 0} (the reference's warm start, docs/planner.md#warm-start).
     */
    private Tensor warmStartMean(Graph g, Tensor prev) {
        int t = settings.horizon();
        Tensor mean = g.temp(t, settings.actionDim());
        if (settings.warmStart() == WarmStart.COPY) {
            backend.copy(prev, mean);
            return mean;
        }
        backend.fill(mean, 0f);
        if (t > 1) {
            backend.copy(prev.rows(1, t - 1), mean.rows(0, t - 1));
        }
        return mean;
    }

    /**
     * Iteration loop steps 1-10 of docs/planner.md#plan-algorithm for every episode; the scorer rolls out and scores
     * (steps 2 and 4-7) all episodes' candidates in one batch, or, where the backend splits them into row
     * blocks ({@link #blockRows}), block by block in one ROLLOUT range ({@link BlockedScorer}; the latents
     * are then kept only for detailed infos, {@code keepLatents}). Each step opens its range in {@code steps}.
     */
    private Iteration[] iterate(PhaseSequence steps, Pass p, Tensor z0, Tensor[] mean, Tensor[] std, Rollout fixed,
            ActMode mode, Rng rng, boolean keepLatents) {
        Graph g = p.graph();
        int episodes = mean.length;
        int n = settings.numSamples();
        // 1) actions_s = sample_action_sequences(mean, std, N), per episode
        steps.next(PhaseRanges.SAMPLE);
        Tensor[] samples = new Tensor[episodes];
        for (int e = 0; e < episodes; e++) {
            samples[e] = sampling.sampleActionSequences(g, mean[e], std[e], n,
                    rng.reserve((long) n * settings.horizon() * settings.actionDim()));
        }
        Tensor sampled = episodes == 1 ? samples[0] : LayoutFn.concat(g, 0, samples);
        // 2) latents_s, actions_s = rollout_latents(z0, actions=actions_s, head_mode)
        steps.next(PhaseRanges.ROLLOUT);
        int c = scorer.numFixedCandidates() + n;
        int block = blockRows(c, mode);
        Rollout cat;
        CandidateScores scores;
        if (block < c) {
            // 2-7) block by block: each block's rollout, values and disagreements before the next block
            BlockedScorer.Scored scored = ((BlockedScorer) scorer).rolloutAndScore(p, z0, sampled, fixed, episodes, mode,
                    rng, block, keepLatents);
            cat = scored.candidates();
            scores = scored.scores();
            requireCandidates(cat.actions(), cat.latents(), episodes);
        } else {
            Rollout rolled = scorer.rollout(p, z0, sampled, mode, rng);
            // 3) concatenate with the fixed candidates: actions_cat (E·C, T, A), latents_cat (D, E·C, T+1, L)
            cat = CandidateBatch.concat(g, fixed, rolled, episodes);
            requireCandidates(cat.actions(), cat.latents(), episodes);
            // 4-7) values, disagreements, combined scores
            steps.next(PhaseRanges.SCORE);
            scores = scorer.score(p, cat, mode, rng);
        }
        // 8-10) top-K elites, their weights, mean/std refit, per episode
        steps.next(PhaseRanges.REFIT);
        EliteRefit.Refit[] refits = refit(g, cat.actions(), scores.combined(), episodes, c, mode);
        Iteration[] its = new Iteration[episodes];
        for (int e = 0; e < episodes; e++) {
            Tensor actions = episodes == 1 ? cat.actions() : cat.actions().rows(e * c, c);
            CandidateScores own = episodes == 1 ? scores : CandidateBatch.episode(scores, e, c);
            its[e] = new Iteration(actions, cat.latents(), e * c, c, own, refits[e]);
        }
        return its;
    }

    /**
     * Candidates per block of the rollout and scoring: the backend's row block for the scorer's candidate
     * size ({@link Backend#rowBlock}), or all C when the scorer has no blocked path (C: one batch).
     */
    private int blockRows(int c, ActMode mode) {
        if (!(scorer instanceof BlockedScorer blocked)) {
            return c;
        }
        return backend.rowBlock(c, blocked.candidateBytes(settings.horizon(), mode));
    }

    /** Steps 8-10 for every episode: softmax weights in one op for all of them, uniform ones per episode. */
    private EliteRefit.Refit[] refit(Graph g, Tensor actionsCat, Tensor scores, int episodes, int c, ActMode mode) {
        int k = settings.numElites();
        return switch (scorer.weighting(mode)) {
            case EliteWeighting.Softmax s -> EliteRefit.refitEach(g, actionsCat, scores, episodes, k, s.temperature(),
                    settings.minStd(), settings.maxStd());
            case EliteWeighting.Uniform u -> {
                EliteRefit.Refit[] refits = new EliteRefit.Refit[episodes];
                for (int e = 0; e < episodes; e++) {
                    Tensor actions = episodes == 1 ? actionsCat : actionsCat.rows(e * c, c);
                    Tensor own = episodes == 1 ? scores : scores.rows(e * c, c);
                    refits[e] = UniformEliteRefit.refit(g, actions, own, k, settings.minStd(), settings.maxStd());
                }
                yield refits;
            }
        };
    }

    /** actions_cat (E·C, T, A) and latents_cat (D, E·C, T+1, L), or null when not kept, with C = S + N. */
    private void requireCandidates(Tensor actionsCat, Tensor latentsCat, int episodes) {
        int e = episodes * (scorer.numFixedCandidates() + settings.numSamples());
        int t = settings.horizon();
        Shapes.requireShape("planner", "actions_cat", actionsCat, e, t, settings.actionDim());
        if (latentsCat == null) {
            return;
        }
        if (latentsCat.rank() != 4 || latentsCat.dim(0) < 1) {
            throw new IllegalStateException("planner: latents_cat must be (D, E·C, T+1, L), got "
                    + Shapes.str(latentsCat.shape()));
        }
        Shapes.requireShape("planner", "latents_cat", latentsCat, latentsCat.dim(0), e, t + 1,
                scorer.model().latentDim());
    }

    private void requireInputs(Graph g, Tensor z0, ActMode mode) {
        requireModeAndGraph(g, mode);
        int l = scorer.model().latentDim();
        boolean ok = (z0.rank() == 1 && z0.dim(0) == l) || (z0.rank() == 2 && z0.dim(0) == 1 && z0.dim(1) == l);
        if (!ok) {
            throw new IllegalArgumentException("plan: z0 must be float32[L] or [1, L] with L=" + l + ", got "
                    + Shapes.str(z0.shape()));
        }
    }

    private void requireBatchInputs(Graph g, Tensor z0, Tensor prevMeans, ActMode mode) {
        requireModeAndGraph(g, mode);
        int l = scorer.model().latentDim();
        if (z0.rank() != 2 || z0.dim(0) < 1 || z0.dim(1) != l) {
            throw new IllegalArgumentException("plan: z0 must be float32[E, L] with E >= 1 episodes and L=" + l
                    + ", got " + Shapes.str(z0.shape()));
        }
        Shapes.requireShape("plan", "prev_means", prevMeans, z0.dim(0), settings.horizon(), settings.actionDim());
    }

    private void requireModeAndGraph(Graph g, ActMode mode) {
        if (mode == null) {
            throw new IllegalArgumentException("plan: mode must be TRAIN or EVAL, got null");
        }
        if (g.backend() != backend) {
            throw new IllegalArgumentException("plan: the graph runs on " + g.backend().describe()
                    + " but the model lives on " + backend.describe());
        }
    }

    /**
     * The final elite weights were not finite, so no elite can be drawn: the model's values overflowed
     * (its training diverged). The agent turns it into its divergence.
     */
    public static final class NonFiniteWeightsException extends ArithmeticException {
        private final float value;

        NonFiniteWeightsException(float value) {
            super("planner: an elite weight is " + value + ": the model's values are not finite");
            this.value = value;
        }

        /** The first non-finite weight. */
        public float value() {
            return value;
        }
    }
}
