package org.mbrl4j.agent.tdmpc2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mbrl4j.agent.DivergedException;
import org.mbrl4j.agent.PhaseRanges;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LayoutFn;
import org.mbrl4j.autograd.LossFn;
import org.mbrl4j.autograd.PointwiseFn;
import org.mbrl4j.autograd.ReduceFn;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.PhaseSequence;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.config.TrainingConfig;
import org.mbrl4j.nn.Adam;
import org.mbrl4j.nn.GradClip;
import org.mbrl4j.nn.Mode;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.nn.Polyak;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * One TD-MPC2 update (docs/tdmpc2.md#update): TD targets, the world-model loss and its Adam step, the policy
 * loss and its Adam step, then the Polyak target update. Shapes (docs/dims.md#legend): T horizon, B batch, L latent,
 * A action, V bins, Q the Q heads, D the dynamics heads (head 0 and D − 1 extra ones). Pixel observations are
 * shifted at random ({@link ShiftAug}, drawing from the update stream) before anything encodes them.
 */
public final class Tdmpc2Update {
    /** Adam eps of the policy optimizer (docs/tdmpc2.md#optimizers). */
    public static final float PI_ADAM_EPS = 1e-5f;

    private final WorldModel model;
    private final Tdmpc2Spec spec;
    private final TrainingConfig cfg;
    private final Rng rng;
    private final Rng dropoutRng;
    private final Adam worldOptim;
    private final Adam piOptim;
    private final GradClip worldClip;
    private final GradClip piClip;
    private final Polyak targetUpdate;
    private final RunningScale scale;
    private final float discount;
    /** rho^t for t = 0..T (T+1 values; the first T weight the model losses). */
    private final float[] rhoPowers;
    private final AuxValueLoss auxLoss;
    private final DivergenceGuard guard;
    /** Gradient logging (log_grads); null when off. */
    private GradientStats gradientStats;
    /** EMA target encoder and policy (ema_encoder_tau, ema_policy_tau); null when neither is on. */
    private final EmaTargets ema;
    /** Persistent constants, uploaded once: ρ^t for t < T (model losses), t <= T (policy loss), and 1. */
    private final Tensor rhoModel;
    private final Tensor rhoPolicy;
    private final Tensor one;
    /** The batch at fixed addresses, one upload per update. */
    private final BatchBuffers inputs;
    /** The metrics gathered on the backend and read out once per guard point. */
    private final MetricScalars scalars;
    /** The device guard of {@link #updateOnDevice}; null until its first call. */
    private DeviceGate gate;

    public Tdmpc2Update(WorldModel model, Tdmpc2Spec spec, Rng rng, Rng dropoutRng) {
        this.model = model;
        this.spec = spec;
        this.cfg = spec.config().training();
        this.rng = rng;
        this.dropoutRng = dropoutRng;
        Backend be = model.backend();
        float lr = (float) cfg.lr();
        List<Tensor> encoder = model.params().under(WorldModel.ENCODER);
        List<Tensor> rest = new ArrayList<>();
        for (String c : List.of(WorldModel.DYNAMICS, WorldModel.DYNAMICS_EXTRA, WorldModel.REWARD,
                WorldModel.TERMINATION, WorldModel.Q, AuxValueHeads.PREFIX)) {
            rest.addAll(model.params().under(c));
        }
        worldOptim = new Adam(be, List.of(new Adam.Group("encoder", encoder, lr * (float) cfg.encLrScale(), Adam.DEFAULT_EPS),
                new Adam.Group("model", rest, lr, Adam.DEFAULT_EPS)));
        piOptim = new Adam(be, List.of(new Adam.Group("pi", model.params().under(WorldModel.PI), lr, PI_ADAM_EPS)));
        worldClip = new GradClip(be, worldOptim.grads(), (float) cfg.gradClipNorm());
        piClip = new GradClip(be, piOptim.grads(), (float) cfg.gradClipNorm());
        targetUpdate = new Polyak(be, model.targetQParams(), model.qParams(), (float) cfg.tau());
        scale = new RunningScale(be, (float) cfg.tau());
        auxLoss = model.aux() == null ? null
                : new AuxValueLoss(model.aux(), model.dims().bins(), (float) spec.config().multiGamma().lossWeight());
        guard = new DivergenceGuard(cfg, model.episodic(),
                model.aux() == null ? null : spec.config().multiGamma().lossWeight());
        discount = (float) spec.discount();
        ema = EmaTargets.of(model, cfg, spec.seed());
        int h = spec.config().planner().horizon();
        rhoPowers = new float[h + 1];
        for (int t = 0; t <= h; t++) {
            rhoPowers[t] = (float) Math.pow(cfg.rho(), t);
        }
        rhoModel = be.fromArray(java.util.Arrays.copyOf(rhoPowers, h), h);
        rhoPolicy = be.fromArray(rhoPowers, h + 1);
        one = be.fromArray(new float[] {1f}, 1);
        inputs = new BatchBuffers(be);
        scalars = new MetricScalars(be);
    }

    /** Turns on gradient logging ({@link GradientStats}) in every later update's metrics. */
    void logGradients(GradientStats stats) {
        this.gradientStats = stats;
    }

    /** The divergence check of this update, for the agent's act path. */
    DivergenceGuard guard() {
        return guard;
    }

    public RunningScale scale() {
        return scale;
    }

    public Adam worldOptimizer() {
        return worldOptim;
    }

    public Adam piOptimizer() {
        return piOptim;
    }

    /** The EMA targets, or null when the config asks for none. */
    EmaTargets ema() {
        return ema;
    }

    /**
     * Runs one update on {@code batch}; returns the reference's metrics. Resets the graph at the end.
     * The divergence guard: every metric is read before the optimizer step it belongs to (the world
     * model's losses and pre-clip gradient norm before the world step, the policy's before the policy
     * step, the running scale before the policy loss uses it), and the first non-finite one throws with
     * that step not taken, so the parameters, moments and running scale stay finite. Opens the profiler
     * ranges of {@link PhaseRanges} from "update" down.
     *
     * <p>Host traffic: the batch goes up in one upload into fixed buffers; the constants are persistent; the
     * target-head pair and the running scale's percentiles are computed on the backend; the metrics are
     * gathered on the backend and read in one download per guard point (the world model's, the running
     * scale's proposal, the policy's, then the post-step ones), four synchronizations in all (two more with
     * auxiliary value heads).
     *
     * @throws DivergedException naming the first non-finite metric
     */
    public Map<String, Double> update(Graph g, Batch batch) {
        try (var phases = PhaseSequence.open(model.backend(), PhaseRanges.UPDATE)) {
            return update(g, batch, phases);
        }
    }

    private Map<String, Double> update(Graph g, Batch batch, PhaseSequence phases) {
        load(batch);
        Map<String, Double> metrics = new LinkedHashMap<>();
        run(g, phases, null, metrics);
        return metrics;
    }

    /** Uploads {@code batch} into the fixed input buffers (one host-to-device copy), for {@link #updateOnDevice}. */
    void load(Batch batch) {
        if (batch.length() != rhoPowers.length - 1) {
            throw new IllegalArgumentException("update: batch horizon " + batch.length() + " != config horizon "
                    + (rhoPowers.length - 1));
        }
        inputs.load(batch);
    }

    /**
     * One update on the loaded batch with no host read, capturable as a CUDA graph: the guard points run on the
     * device ({@link DeviceGate}: a halt flag gates the optimizer steps, the scale's acceptance and the Polyak
     * update), the metrics stay in their device slots ({@link #metricLayout()}, {@link #readMetrics}). The first
     * call creates the gate (uploads included: call it once eagerly before capturing). Pixel observations and
     * auxiliary value heads read or draw on the host and are not supported here.
     */
    void updateOnDevice(Graph g) {
        if (model.pixels() != null || model.aux() != null) {
            throw new IllegalStateException("updateOnDevice: pixel observations (host-drawn shifts) and auxiliary"
                    + " value heads (host-read metrics) run eagerly only; use update(graph, batch)");
        }
        if (gate == null) {
            gate = new DeviceGate(model.backend(), guard, cfg.divergenceLossLimit(), piOptim.steps() + 1L);
        }
        try (var phases = PhaseSequence.open(model.backend(), PhaseRanges.UPDATE)) {
            run(g, phases, gate, null);
        }
    }

    /** The device gate of {@link #updateOnDevice} (null before its first call). */
    DeviceGate gate() {
        return gate;
    }

    /** The metric slots the last update recorded, by name. */
    List<MetricScalars.Entry> metricLayout() {
        return scalars.layout();
    }

    /** The metric slots the last update recorded, on the device (for {@link UpdateMetricSums#add}). */
    Tensor metricSlots() {
        return scalars.slots(0, scalars.size());
    }

    /** One download of the metric slots of {@code layout} (after an update on the device). */
    Map<String, Double> readMetrics(List<MetricScalars.Entry> layout) {
        return scalars.read(layout);
    }

    /**
     * The update's computation on the loaded batch. Eagerly ({@code gate} null) each guard point reads its
     * metrics into {@code metrics} and throws on the first bad one; on the device the gate checks them.
     */
    private void run(Graph g, PhaseSequence phases, DeviceGate gate, Map<String, Double> metrics) {
        long update = piOptim.steps() + 1L;
        scalars.discard();
        Tensor obs = inputs.obs();
        int h = rhoPowers.length - 1;
        if (model.pixels() != null) {
            obs = ShiftAug.apply(g, obs, model.pixels(), rng);
        }
        Tensor action = inputs.action();
        Tensor reward = inputs.reward();
        Tensor terminated = inputs.terminated();

        phases.next(PhaseRanges.TD_TARGET);
        Tensor nextZ;
        TdTargets targets;
        try (var s = g.noGrad()) {
            Pass eval = new Pass(g, Mode.EVAL, dropoutRng);
            Tensor next = LayoutFn.slice(g, obs, 0, 1, h);
            nextZ = ema != null && ema.encodes() ? ema.encode(eval, next) : model.encode(eval, next);
            targets = targets(g, nextZ, reward, terminated);
        }
        phases.next(PhaseRanges.WORLD_MODEL_LOSS);
        WorldLoss wl = worldLoss(g, obs, action, reward, terminated, nextZ, targets);
        phases.next(PhaseRanges.WORLD_MODEL_BACKWARD);
        g.backward(wl.total);
        phases.next(PhaseRanges.WORLD_MODEL_OPTIMIZER);
        Map<String, Double> gradientMetrics = new LinkedHashMap<>();
        if (gradientStats != null) {
            gradientStats.beforeStep(worldOptim, gradientMetrics);
        }
        worldClip.clip();
        scalars.record("consistency_loss", wl.consistency);
        scalars.record("reward_loss", wl.reward);
        scalars.record("value_loss", wl.value);
        if (wl.termination != null) {
            scalars.record("termination_loss", wl.termination);
        }
        if (wl.extraDynamics != null) {
            scalars.record("extra_dynamics_loss", wl.extraDynamics);
        }
        if (wl.aux != null) {
            scalars.flushInto(metrics);
            wl.aux.record(metrics, model.backend());
        }
        scalars.record("total_loss", wl.total);
        scalars.recordNorm("grad_norm", worldClip.normSquared());
        if (gate == null) {
            scalars.flushInto(metrics);
            guard.requireFinite(metrics, update);
            worldOptim.step();
        } else {
            gate.checkWorld(scalars, 0);
            worldOptim.step(gate.halt());
        }
        worldOptim.zeroGrad();
        if (gradientStats != null) {
            gradientStats.afterStep(worldOptim, "world", gradientMetrics);
            metrics.putAll(gradientMetrics);
        }

        phases.next(PhaseRanges.POLICY);
        try (var policy = PhaseSequence.open(model.backend())) {
            policyUpdate(policy, g, wl.latents.detach(), gate, metrics, update);
        }
        if (gate == null) {
            guard.requireFinite(metrics, update);
        }
        phases.next(PhaseRanges.TARGET_UPDATE);
        if (gate == null) {
            targetUpdate.update();
        } else {
            targetUpdate.update(gate.halt());
        }
        if (ema != null) {
            ema.update();
        }
        phases.end();
        g.reset();
    }

    /** The TD targets of nextZ (T, B, L) with this update's streams (see {@link TdTargets#compute}). */
    TdTargets targets(Graph g, Tensor nextZ, Tensor reward, Tensor terminated) {
        return TdTargets.compute(new Pass(g, Mode.EVAL, dropoutRng), model, ema, discount, rng, nextZ, reward,
                terminated, one);
    }

    /** td_t alone (tests). */
    Tensor tdTarget(Graph g, Tensor nextZ, Tensor reward, Tensor terminated) {
        return targets(g, nextZ, reward, terminated).td();
    }

    private record WorldLoss(Tensor total, Tensor consistency, Tensor reward, Tensor value, Tensor termination,
            Tensor extraDynamics, AuxValueLoss.Result aux, Tensor latents) {}

    private WorldLoss worldLoss(Graph g, Tensor obs, Tensor action, Tensor reward, Tensor terminated, Tensor nextZ,
            TdTargets targets) {
        Tensor tdTarget = targets.td();
        int h = action.dim(0);
        int b = action.dim(1);
        int l = model.dims().latentDim();
        Pass train = new Pass(g, Mode.TRAIN, dropoutRng);
        Tensor rho = rhoModel;

        // Latent rollout and consistency: Σ_t ρ^t · MSE(z_{t+1}, sg(h(o_{t+1}))) / T
        Tensor z = model.encode(train, g.view(LayoutFn.slice(g, obs, 0, 0, 1), b, obs.dim(2)));
        Tensor z0 = z;
        List<Tensor> zs = new ArrayList<>(List.of(g.view(z, 1, b, l)));
        List<Tensor> perStep = new ArrayList<>();
        for (int t = 0; t < h; t++) {
            z = model.next(train, z, g.view(LayoutFn.slice(g, action, 0, t, 1), b, action.dim(2)));
            Tensor target = g.view(LayoutFn.slice(g, nextZ, 0, t, 1), b, l);
            perStep.add(g.view(ReduceFn.meanAll(g, LossFn.mse(g, z, target)), 1));
            zs.add(g.view(z, 1, b, l));
        }
        Tensor consistency = rhoWeightedMean(g, LayoutFn.concat(g, 0, perStep.toArray(Tensor[]::new)), rho, h);
        Tensor latents = LayoutFn.concat(g, 0, zs.toArray(Tensor[]::new)); // (T+1, B, L)
        Tensor zPred = LayoutFn.slice(g, latents, 0, 0, h);

        // Reward: Σ_t ρ^t · mean_B CE(R(z_t, a_t), r_t) / T
        Tensor rewardCe = LossFn.twoHotSoftCe(g, model.reward(train, zPred, action), reward, model.dims().bins());
        Tensor rewardLoss = rhoWeightedMean(g, ReduceFn.mean(g, rewardCe, 1), rho, h);

        // Value: Σ_t Σ_q ρ^t · mean_B CE(Q_q(z_t, a_t), td_t) / (T · num_q), dropout active
        int e = model.dims().numQ();
        Tensor qLogits = model.q(train, zPred, action, QSet.ONLINE); // (Q, T·B, V)
        Tensor td = g.view(tdTarget.detach(), 1, h * b);
        Tensor[] tdCopies = new Tensor[e];
        java.util.Arrays.fill(tdCopies, td);
        Tensor valueCe = g.view(LossFn.twoHotSoftCe(g, qLogits, LayoutFn.concat(g, 0, tdCopies), model.dims().bins()), e,
                h, b);
        Tensor valueLoss = PointwiseFn.scale(g, rhoWeightedSum(g, ReduceFn.mean(g, valueCe, 2), rho), 1f / (h * e));

        Tensor total = PointwiseFn.add(g, PointwiseFn.scale(g, consistency, (float) cfg.consistencyCoef()),
                PointwiseFn.add(g, PointwiseFn.scale(g, rewardLoss, (float) cfg.rewardCoef()),
                        PointwiseFn.scale(g, valueLoss, (float) cfg.valueCoef())));
        Tensor terminationLoss = null;
        if (model.episodic()) {
            // Plain mean BCE on the predicted next latents, no ρ weighting (docs/tdmpc2.md#reward-and-value-losses).
            Tensor logits = g.view(model.terminationLogit(train, LayoutFn.slice(g, latents, 0, 1, h)), h, b);
            terminationLoss = ReduceFn.meanAll(g, LossFn.bceWithLogits(g, logits, terminated));
            total = PointwiseFn.add(g, total, PointwiseFn.scale(g, terminationLoss, (float) cfg.terminationCoef()));
        }
        Tensor extra = null;
        if (model.dims().dynamicsHeads() > 1) {
            extra = extraDynamicsLoss(g, train, z0.detach(), nextZ, action, rho);
            total = PointwiseFn.add(g, total, PointwiseFn.scale(g, extra, (float) cfg.consistencyCoef()));
        }
        AuxValueLoss.Result aux = null;
        if (model.aux() != null) {
            aux = auxLoss.compute(g, train, zPred, reward, targets, rhoPowers);
            total = PointwiseFn.add(g, total, aux.total());
        }
        return new WorldLoss(total, consistency, rewardLoss, valueLoss, terminationLoss, extra, aux, latents);
    }

    /**
     * Extra dynamics heads (see {@link WorldModel}): one-step predictions from detached encoder latents,
     * Σ_t ρ^t · mean_{d,B} MSE(d_d(sg(h(o_t)), a_t), sg(h(o_{t+1}))) / T.
     */
    private Tensor extraDynamicsLoss(Graph g, Pass train, Tensor z0, Tensor nextZ, Tensor action, Tensor rho) {
        int h = action.dim(0);
        int b = action.dim(1);
        int l = model.dims().latentDim();
        int d = model.dims().dynamicsHeads() - 1;
        Tensor inputs = h == 1 ? g.view(z0, 1, b, l)
                : LayoutFn.concat(g, 0, g.view(z0, 1, b, l), LayoutFn.slice(g, nextZ, 0, 0, h - 1));
        Tensor pred = model.nextExtraFrom(train, g.view(inputs, h * b, l), g.view(action, h * b, action.dim(2)));
        Tensor target = g.view(nextZ, 1, h * b, l);
        Tensor[] copies = new Tensor[d];
        java.util.Arrays.fill(copies, target);
        Tensor mse = g.view(LossFn.mse(g, pred, d == 1 ? target : LayoutFn.concat(g, 0, copies)), d, h, b);
        return PointwiseFn.scale(g, rhoWeightedSum(g, ReduceFn.mean(g, mse, 0, 2), rho), 1f / h);
    }

    /**
     * The policy loss on detached latents (docs/tdmpc2.md#policy-loss):
     * mean_t ρ^t · mean_B −(entropy_coef · scaled_entropy + Q_avg/scale), Q through the detached heads.
     * Its loss, backward and optimizer step open their ranges in {@code phases}. Also the policy-only
     * pathway's step ({@link PolicyOnlyUpdate}).
     */
    void policyUpdate(PhaseSequence phases, Graph g, Tensor latents, DeviceGate gate, Map<String, Double> metrics,
            long update) {
        phases.next(PhaseRanges.POLICY_LOSS);
        int t1 = latents.dim(0);
        int b = latents.dim(1);
        Pass train = new Pass(g, Mode.TRAIN, dropoutRng);
        PolicySample ps = model.pi(train, latents, rng.reserve((long) t1 * b * model.dims().actionDim()));
        Tensor q = model.qValue(train, latents, ps.action(), QSet.DETACHED, QReduce.AVG, model.randomPair(g, rng));
        scale.propose(g.view(q, t1, b).rows(0, 1));
        if (gate == null) {
            float proposed = model.backend().toArray(scale.proposed())[0];
            guard.requireFinite("pi_scale", proposed, update);
            scale.accept();
        } else {
            gate.checkScale(scale.proposed());
            scale.acceptUnlessHalted(gate.halt());
        }
        Tensor objective = PointwiseFn.add(g, PointwiseFn.scale(g, ps.scaledEntropy(), (float) cfg.entropyCoef()),
                PointwiseFn.mul(g, g.view(q, t1, b), scale.inverse()));
        Tensor perStep = ReduceFn.mean(g, PointwiseFn.neg(g, objective), 1); // (T+1)
        Tensor piLoss = ReduceFn.meanAll(g, PointwiseFn.mul(g, perStep, rhoPolicy));
        phases.next(PhaseRanges.POLICY_BACKWARD);
        g.backward(piLoss);
        phases.next(PhaseRanges.POLICY_OPTIMIZER);
        Map<String, Double> gradientMetrics = new LinkedHashMap<>();
        if (gradientStats != null) {
            gradientStats.beforeStep(piOptim, gradientMetrics);
        }
        piClip.clip();
        int policyFirst = scalars.size();
        scalars.record("pi_loss", piLoss);
        scalars.recordNorm("pi_grad_norm", piClip.normSquared());
        if (gate == null) {
            scalars.flushInto(metrics);
            guard.requireFinite(metrics, update);
            piOptim.step();
        } else {
            gate.checkPolicy(scalars, policyFirst);
            piOptim.step(gate.halt());
        }
        piOptim.zeroGrad();
        if (gradientStats != null) {
            gradientStats.afterStep(piOptim, "pi", gradientMetrics);
            metrics.putAll(gradientMetrics);
        }
        phases.end();
        scalars.record("pi_entropy", ReduceFn.meanAll(g, PointwiseFn.neg(g, ps.logProb().detach())));
        scalars.record("pi_scaled_entropy", ReduceFn.meanAll(g, ps.scaledEntropy().detach()));
        scalars.record("pi_scale", scale.current());
        if (gate == null) {
            scalars.flushInto(metrics);
        }
    }

    /** Σ_t ρ^t x_t / T for x (T). */
    private static Tensor rhoWeightedMean(Graph g, Tensor x, Tensor rho, int h) {
        return PointwiseFn.scale(g, rhoWeightedSum(g, x, rho), 1f / h);
    }

    /** Σ_t ρ^t x[..., t] summed over every element, for x (..., T). */
    private static Tensor rhoWeightedSum(Graph g, Tensor x, Tensor rho) {
        return ReduceFn.sumAll(g, PointwiseFn.mul(g, x, rho));
    }
}
