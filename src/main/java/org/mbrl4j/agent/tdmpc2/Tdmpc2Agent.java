package org.mbrl4j.agent.tdmpc2;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mbrl4j.agent.ActInfo;
import org.mbrl4j.agent.ActInfoSums;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.Agent;
import org.mbrl4j.agent.AgentState;
import org.mbrl4j.agent.BatchShape;
import org.mbrl4j.agent.DivergedException;
import org.mbrl4j.agent.Divergence;
import org.mbrl4j.agent.EvalActor;
import org.mbrl4j.agent.EvalProbe;
import org.mbrl4j.agent.HeldOutLosses;
import org.mbrl4j.agent.ParameterResets;
import org.mbrl4j.agent.PhaseRanges;
import org.mbrl4j.agent.PolicyPriorUpdate;
import org.mbrl4j.agent.planner.PlanResult;
import org.mbrl4j.agent.planner.Planner;
import org.mbrl4j.agent.planner.PlannerInfo;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.OptimOps.AdamSlot;
import org.mbrl4j.backend.PhaseSequence;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.config.Algorithm;
import org.mbrl4j.env.Observation;
import org.mbrl4j.io.TensorData;
import org.mbrl4j.nn.Adam;
import org.mbrl4j.nn.Mode;
import org.mbrl4j.nn.Parameters;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * The TD-MPC2 agent: a {@link WorldModel}, the planner of docs/planner.md#agent-integration for acting, and
 * {@link Tdmpc2Update} for learning. All randomness comes from Philox streams derived from the run
 * seed, whose counters are part of the saved state, so a resumed run continues the same sequence.
 * With auxiliary heads of docs/multi-gamma.md#head-structure it has an {@link EvalProbe}: the multi-gamma snapshot
 * ({@link MultiGammaProbe}).
 */
public final class Tdmpc2Agent implements Agent {
    /** Philox streams of the agent (the world model's init streams are separate). */
    static final long UPDATE_STREAM = 0x2000;
    static final long DROPOUT_STREAM = 0x2001;
    static final long ACT_STREAM = 0x2002;
    /**
     * Evaluation acting ({@link Tdmpc2EvalActor}): the actor of episodes first.. at a step draws from stream
     * 0x2003 + first·2^32 at blocks from step·2^32 on, a pure function of (seed, step, first).
     */
    static final long EVAL_ACT_STREAM = 0x2003;
    static final String PLANNER_PREV_MEAN = "planner.prev_mean";

    private final Tdmpc2Spec spec;
    private final Backend backend;
    private final WorldModel model;
    private final Tdmpc2Update updater;
    private final PolicyOnlyUpdate policyOnly;
    private final Tdmpc2HeldOutLosses heldOut;
    private final Rng updateRng;
    private final Rng dropoutRng;
    private final Rng actRng;
    private final Graph graph;
    private final Planner planner;
    private final DivergenceGuard guard;
    /** Snapshots of docs/multi-gamma.md#logging: null without auxiliary heads; their graph is made on first use. */
    private final AuxSnapshotProbe auxProbe;
    private Graph snapshotGraph;
    private ActInfo lastActInfo = ActInfo.NONE;
    /** The warm starts of evaluation episodes (E, T, A), kept for the next evaluation's actor (no per-eval allocation). */
    private Tensor evalWarmStarts;
    /** The first divergence; once set, update and act throw. */
    private Divergence divergence;
    /** plan() as CUDA graphs (execution.cuda_graphs on a backend with capture), else null: plans run eagerly. */
    private final CapturedPlans capturedPlans;
    /** update() as a CUDA graph; null when updates run eagerly (also once a
     * host-side feature turns it off: {@link #updateEagerly}). */
    private CapturedUpdate captured;

    public Tdmpc2Agent(Backend backend, Tdmpc2Spec spec) {
        this(backend, spec, false);
    }

    /**
     * @param cudaGraphs execution.cuda_graphs: on a backend with graph capture (CUDA, real or emulated),
     *     plan() ({@link CapturedPlans}) and update() ({@link CapturedUpdate}) are captured and replayed; update()
     *     not with pixel observations, auxiliary value heads or EMA targets (which read or draw on the host), and
     *     no longer once gradient logging, resets or policy-only updates are used; ignored on the CPU
     */
    public Tdmpc2Agent(Backend backend, Tdmpc2Spec spec, boolean cudaGraphs) {
        this.spec = spec;
        this.backend = backend;
        long seed = spec.seed();
        this.model = new WorldModel(backend, ModelDims.of(spec.config(), spec.run().run().episodic(), spec.obsDim(),
                spec.actionDim()), spec.pixelEncoder().orElse(null), seed);
        this.updateRng = new Rng(seed, UPDATE_STREAM);
        this.dropoutRng = new Rng(seed, DROPOUT_STREAM);
        this.actRng = new Rng(seed, ACT_STREAM);
        this.updater = new Tdmpc2Update(model, spec, updateRng, dropoutRng);
        this.policyOnly = new PolicyOnlyUpdate(model, updater, updateRng, dropoutRng);
        this.heldOut = new Tdmpc2HeldOutLosses(model, spec);
        this.graph = new Graph(backend);
        WorldModelPlanning planning = new WorldModelPlanning(model, new LatentRollout(model));
        this.planner = spec.plannerSettings().planner(planning);
        this.capturedPlans = cudaGraphs ? backend.graphCapture().map(c -> new CapturedPlans(c, backend, planner,
                planning, graph, model.dims().latentDim())).orElse(null) : null;
        if (capturedPlans != null) {
            planner.sumInfos();
        }
        this.auxProbe = model.aux() == null ? null : new AuxSnapshotProbe(model, spec.discount());
        this.guard = updater.guard();
        this.captured = !cudaGraphs || model.pixels() != null || model.aux() != null || updater.ema() != null ? null
                : backend.graphCapture().map(c -> new CapturedUpdate(backend, c, updater, updateRng, dropoutRng))
                        .orElse(null);
    }

    public Tdmpc2Spec spec() {
        return spec;
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.TDMPC2;
    }

    public WorldModel model() {
        return model;
    }

    /**
     * An action in [-1, 1]^A for observation {@code obs} (docs/planner.md#agent-integration): encode, then
     * plan; with {@code mpc=false} the policy prior acts instead (its mean in eval mode). Takes f32
     * state vectors, or u8 frames when the model has the pixel encoder, of the run's observation size.
     * Frames are encoded as rendered (no random shift while acting, docs/pixels.md#augmentation). Opens
     * the profiler ranges act, encode, then plan or policy_prior ({@link PhaseRanges}).
     */
    @Override
    public float[] act(Observation obs, ActMode mode, long step) {
        float[] values = stateValues(obs);
        requireNotDiverged();
        try (var act = PhaseSequence.open(backend, PhaseRanges.ACT); var s = graph.noGrad()) {
            act.next(PhaseRanges.ENCODE);
            Pass eval = new Pass(graph, Mode.EVAL, dropoutRng);
            Tensor z0 = model.encode(eval, graph.constant(values, 1, spec.obsDim()));
            if (spec.config().planner().mpc()) {
                act.end();
                PlanResult r = planOrDiverge(z0, mode, step);
                lastActInfo = r.info();
                return requireFinite(r.action());
            }
            lastActInfo = ActInfo.NONE;
            act.next(PhaseRanges.POLICY_PRIOR);
            PolicySample ps = model.pi(eval, z0, actRng.reserve(spec.actionDim()));
            return requireFinite(backend.toArray(mode == ActMode.EVAL ? ps.meanAction() : ps.action()));
        } finally {
            graph.reset();
        }
    }

    /**
     * The values the encoder reads for {@code obs}: an f32 state vector, or u8 frames widened to float when
     * the model has the pixel encoder; checked against the run's observation size.
     */
    float[] stateValues(Observation obs) {
        float[] values = switch (obs) {
            case Observation.F32 f when model.pixels() == null -> f.values();
            case Observation.U8 u when model.pixels() != null -> ObsTensors.widen(u.values());
            default -> throw new IllegalArgumentException("act: a " + obs.dtype() + " observation of " + obs.size()
                    + " values, but this model takes " + (model.pixels() == null ? "f32 state vectors"
                            : "u8 frames " + model.pixels()));
        };
        if (values.length != spec.obsDim()) {
            throw new IllegalArgumentException("act: observation has " + values.length + " values, expected "
                    + spec.obsDim());
        }
        return values;
    }

    /** {@code episodes} evaluation episodes planned in one batch per step, from the eval stream of (step, first). */
    @Override
    public Optional<EvalActor> evalActor(int episodes, long step, int first) {
        requireNotDiverged();
        Rng rng = new Rng(spec.seed(), EVAL_ACT_STREAM + ((long) first << 32), step << 32);
        return Optional.of(new Tdmpc2EvalActor(this, planner, episodes, rng));
    }

    /** Zeroed warm starts (E, T, A) for an eval actor; the same device memory every evaluation of E episodes. */
    Tensor evalWarmStarts(int episodes) {
        if (evalWarmStarts == null || evalWarmStarts.dim(0) != episodes) {
            evalWarmStarts = backend.zeros(episodes, spec.config().planner().horizon(), spec.actionDim());
        } else {
            backend.fill(evalWarmStarts, 0f);
        }
        return evalWarmStarts;
    }

    /** The plan; non-finite elite weights (the model's values overflowed) are this agent's divergence. */
    private PlanResult planOrDiverge(Tensor z0, ActMode mode, long step) {
        try {
            return capturedPlans != null ? capturedPlans.plan(z0, mode, step) : planner.plan(graph, z0, mode, step);
        } catch (Planner.NonFiniteWeightsException e) {
            throw plannerDiverged(e);
        }
    }

    DivergedException plannerDiverged(Planner.NonFiniteWeightsException e) {
        return diverged(guard.divergence("planner_elite_weight", e.value(), updater.piOptimizer().steps()));
    }

    /** The action, unless one of its values is not finite: then the agent has diverged. */
    float[] requireFinite(float[] action) {
        for (float a : action) {
            if (!Float.isFinite(a)) {
                throw diverged(guard.divergence("action", a, updater.piOptimizer().steps()));
            }
        }
        return action;
    }

    DivergedException diverged(Divergence d) {
        divergence = d;
        return new DivergedException(d);
    }

    void requireNotDiverged() {
        if (divergence != null) {
            throw new DivergedException(divergence);
        }
    }

    /** The planner's {@link PlannerInfo} of the last {@link #act}; {@link ActInfo#NONE} with mpc=false. */
    @Override
    public ActInfo lastActInfo() {
        return lastActInfo;
    }

    /**
     * With captured plans, the planner's scalar infos summed on device per act mode
     * (docs/planner.md#infos-summed-on-device); else empty: the infos are read per act.
     */
    @Override
    public Optional<ActInfoSums> actInfoSums() {
        return capturedPlans == null ? Optional.empty() : Optional.of(planner::drainInfoSums);
    }

    /** Called when an episode starts: the planner's warm start is cleared (docs/planner.md#warm-start). */
    @Override
    public void resetEpisode() {
        planner.resetWarmStart();
    }

    /** batch_size windows of horizon transitions (docs/tdmpc2.md#update). */
    @Override
    public BatchShape batchShape() {
        return new BatchShape(spec.config().training().batchSize(), spec.config().planner().horizon());
    }

    /** One gradient update on {@code batch}; returns the metrics of docs/tdmpc2.md#update-metrics. */
    @Override
    public Map<String, Double> update(Batch batch) {
        return update(batch, true);
    }

    /**
     * With a captured update: the metrics only when {@code wantMetrics}, as the means over the updates since the
     * previous such read (else an empty map, no host read), and a
     * divergence found when they or {@link #divergence()} are read; eagerly the metrics always.
     */
    @Override
    public Map<String, Double> update(Batch batch, boolean wantMetrics) {
        requireNotDiverged();
        if (captured != null) {
            try {
                return captured.update(batch, wantMetrics);
            } catch (DivergedException e) {
                throw halted(e);
            }
        }
        try {
            return updater.update(graph, batch);
        } catch (DivergedException e) {
            divergence = e.divergence();
            throw e;
        } finally {
            graph.reset();
        }
    }

    /** The policy-only pathway ({@link PolicyOnlyUpdate}): the policy loss and the policy Adam step alone. */
    @Override
    public Optional<PolicyPriorUpdate> policyPriorUpdate() {
        return Optional.of(this::updatePolicy);
    }

    /** Gradient, parameter and update norms per component in the update metrics ({@link GradientStats}). */
    @Override
    public boolean enableGradientLogging() {
        updateEagerly();
        updater.logGradients(new GradientStats(model));
        return true;
    }

    /** Full or shrink-and-perturb resets of named components ({@link Tdmpc2Resets}). */
    @Override
    public Optional<ParameterResets> parameterResets() {
        updateEagerly();
        return Optional.of(new Tdmpc2Resets(model, spec, List.of(updater.worldOptimizer(), updater.piOptimizer()),
                updater.ema()));
    }

    /** The world-model losses on held-out episodes ({@link Tdmpc2HeldOutLosses}). */
    @Override
    public Optional<HeldOutLosses> heldOutLosses() {
        return Optional.of(heldOut);
    }

    private Map<String, Double> updatePolicy(Batch batch) {
        updateEagerly();
        requireNotDiverged();
        try {
            return policyOnly.update(graph, batch);
        } catch (DivergedException e) {
            divergence = e.divergence();
            throw e;
        } finally {
            graph.reset();
        }
    }

    /**
     * Set by the update or act that found a non-finite value; a host field, except with a captured update, whose
     * device flag is read here (one download) until it is found set.
     */
    @Override
    public Optional<Divergence> divergence() {
        if (divergence == null && captured != null) {
            try {
                captured.requireNotHalted();
            } catch (DivergedException e) {
                halted(e);
            }
        }
        return Optional.ofNullable(divergence);
    }

    /** Records a divergence the captured update's device flag reported; the optimizers' step counts go back. */
    private DivergedException halted(DivergedException e) {
        divergence = e.divergence();
        captured.restoreStepsAtHalt();
        return e;
    }

    /** Updates behind the captured update's next metrics read (tests; 0 when updates run eagerly). */
    long capturedMetricUpdates() {
        return captured == null ? 0 : captured.metricUpdates();
    }

    /** Kernel launches of the captured update; 0 when updates run eagerly or before the capture (tests). */
    int capturedKernels() {
        return captured == null ? 0 : captured.kernels();
    }

    /** Device scalars the captured update re-bound (tests: 0 unless a mirror moved from outside). */
    int capturedRebinds() {
        return captured == null ? 0 : captured.rebinds();
    }

    /**
     * A snapshot of the auxiliary heads (docs/multi-gamma.md#head-structure) on {@code batch} ({@link AuxSnapshot}), with at most
     * multi_gamma.log_num_examples examples; null when the model has no auxiliary heads. It changes
     * nothing that training reads: eval mode (no dropout draw), no gradient, a graph of its own, and the
     * bootstrap's policy eps and target-head pair drawn from {@code rng}, the caller's own stream.
     * Parameters, gradients, optimizer moments, the running scale and the agent's streams stay as they
     * were, so training continues bit for bit as without it.
     */
    public AuxSnapshot auxSnapshot(Batch batch, AuxSnapshot.Tier tier, Rng rng) {
        if (auxProbe == null) {
            return null;
        }
        if (snapshotGraph == null) {
            snapshotGraph = new Graph(backend);
        }
        try {
            return auxProbe.take(snapshotGraph, batch, tier, spec.config().multiGamma().logNumExamples(), rng);
        } finally {
            snapshotGraph.reset();
        }
    }

    @Override
    public Map<String, String> derivedValues() {
        return spec.derivedValues();
    }

    /** The multi-gamma snapshot into multi_gamma.jsonl; none without auxiliary heads. */
    @Override
    public Optional<EvalProbe> evalProbe() {
        return auxProbe == null ? Optional.empty() : Optional.of(new MultiGammaProbe(this));
    }

    /** Parameters, targets, optimizer moments and counters, for checkpoints. */
    @Override
    public AgentState state() {
        List<TensorData> tensors = new ArrayList<>();
        Map<Tensor, String> names = new IdentityHashMap<>();
        model.params().asMap().forEach((n, t) -> {
            names.put(t, n);
            tensors.add(TensorData.f32("model." + n, backend.toArray(t), t.shape()));
        });
        model.targetParams().asMap().forEach((n, t) -> tensors.add(TensorData.f32("target." + n, backend.toArray(t),
                t.shape())));
        if (updater.ema() != null) {
            updater.ema().params().forEach((n, t) -> tensors.add(TensorData.f32("ema." + n, backend.toArray(t),
                    t.shape())));
        }
        Map<String, String> scalars = new LinkedHashMap<>();
        addOptimizer("world", updater.worldOptimizer(), names, tensors, scalars);
        addOptimizer("pi", updater.piOptimizer(), names, tensors, scalars);
        scalars.put("running_scale", Float.toString(updater.scale().value()));
        scalars.put("rng.update", Long.toString(updateRng.counter()));
        scalars.put("rng.dropout", Long.toString(dropoutRng.counter()));
        scalars.put("rng.act", Long.toString(actRng.counter()));
        scalars.put("rng.planner", Long.toString(planner.rngCounter()));
        if (model.aux() != null) {
            scalars.put("multi_gamma.gammas", model.aux().gammas().toString());
        }
        int[] meanShape = {spec.config().planner().horizon(), spec.actionDim()};
        tensors.add(TensorData.f32(PLANNER_PREV_MEAN, planner.prevMean(), meanShape));
        return new AgentState(tensors, scalars);
    }

    private void addOptimizer(String key, Adam adam, Map<Tensor, String> names, List<TensorData> tensors,
            Map<String, String> scalars) {
        for (AdamSlot s : adam.slots()) {
            String n = names.get(s.param());
            tensors.add(TensorData.f32("optim." + key + ".m." + n, backend.toArray(s.m()), s.m().shape()));
            tensors.add(TensorData.f32("optim." + key + ".v." + n, backend.toArray(s.v()), s.v().shape()));
        }
        scalars.put("optim." + key + ".steps", Integer.toString(adam.steps()));
    }

    /**
     * Restores a state from {@link #state()}; every tensor of this agent must be present with its
     * shape, and nothing else may be (a checkpoint of another architecture fails with the names).
     */
    @Override
    public void restore(AgentState state) {
        Map<String, TensorData> byName = new HashMap<>();
        for (TensorData t : state.tensors()) {
            byName.put(t.name(), t);
        }
        Map<String, Tensor> expected = new LinkedHashMap<>();
        Map<Tensor, String> names = new IdentityHashMap<>();
        model.params().asMap().forEach((n, t) -> {
            expected.put("model." + n, t);
            names.put(t, n);
        });
        model.targetParams().asMap().forEach((n, t) -> expected.put("target." + n, t));
        if (updater.ema() != null) {
            updater.ema().params().forEach((n, t) -> expected.put("ema." + n, t));
        }
        for (var e : Map.of("world", updater.worldOptimizer(), "pi", updater.piOptimizer()).entrySet()) {
            for (AdamSlot s : e.getValue().slots()) {
                expected.put("optim." + e.getKey() + ".m." + names.get(s.param()), s.m());
                expected.put("optim." + e.getKey() + ".v." + names.get(s.param()), s.v());
            }
        }
        List<String> problems = new ArrayList<>();
        TensorData prev = byName.remove(PLANNER_PREV_MEAN);
        if (prev == null || prev.floats().length != spec.config().planner().horizon() * spec.actionDim()) {
            problems.add("missing or mis-shaped tensor '" + PLANNER_PREV_MEAN + "'");
        }
        for (var e : expected.entrySet()) {
            TensorData d = byName.get(e.getKey());
            if (d == null) {
                problems.add("missing tensor '" + e.getKey() + "'");
            } else if (!java.util.Arrays.equals(d.shape(), e.getValue().shape())) {
                problems.add("tensor '" + e.getKey() + "' has shape " + java.util.Arrays.toString(d.shape())
                        + ", this model needs " + java.util.Arrays.toString(e.getValue().shape()));
            }
        }
        for (String n : byName.keySet()) {
            if (!expected.containsKey(n)) {
                problems.add("unexpected tensor '" + n + "'");
            }
        }
        for (String key : List.of("running_scale", "rng.update", "rng.dropout", "rng.act", "rng.planner",
                "optim.world.steps",
                "optim.pi.steps")) {
            if (!state.scalars().containsKey(key)) {
                problems.add("missing value '" + key + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the checkpoint does not match this model (" + problems.size()
                    + " problems; was it written with another config?): "
                    + String.join("; ", problems.subList(0, Math.min(problems.size(), 8))));
        }
        expected.forEach((n, t) -> backend.upload(byName.get(n).floats(), 0, t));
        Map<String, String> sc = state.scalars();
        updater.scale().set(Float.parseFloat(sc.get("running_scale")));
        updater.worldOptimizer().setSteps(Integer.parseInt(sc.get("optim.world.steps")));
        updater.piOptimizer().setSteps(Integer.parseInt(sc.get("optim.pi.steps")));
        if (captured != null) {
            captured.restored();
        }
        updateRng.setCounter(Long.parseLong(sc.get("rng.update")));
        dropoutRng.setCounter(Long.parseLong(sc.get("rng.dropout")));
        actRng.setCounter(Long.parseLong(sc.get("rng.act")));
        planner.setRngCounter(Long.parseLong(sc.get("rng.planner")));
        planner.setPrevMean(prev.floats());
    }

    /** Parameter counts per component. */
    @Override
    public Map<String, Long> parameterCounts() {
        return model.parameterCounts();
    }

    Parameters params() {
        return model.params();
    }

    /**
     * Turns the captured update off for good: gradient logging, resets and policy-only updates read or write
     * on the host around update(). The device divergence flag is read once first.
     */
    private void updateEagerly() {
        if (captured != null) {
            divergence();
            captured.close();
            captured = null;
        }
    }

    /** Kernel launches in the captured plan() of {@code mode}, 0 while it is not captured (or graphs are off). */
    public int capturedPlanKernels(ActMode mode) {
        return capturedPlans == null ? 0 : capturedPlans.kernels(mode);
    }

    Tdmpc2Update updater() {
        return updater;
    }

    @Override
    public void close() {
        if (capturedPlans != null) {
            capturedPlans.close();
        }
        graph.close();
        heldOut.close();
        if (captured != null) {
            captured.close();
        }
        if (snapshotGraph != null) {
            snapshotGraph.close();
        }
    }
}
