package org.mbrl4j.agent.planet;

import java.util.Map;
import java.util.Optional;
import org.mbrl4j.agent.ActInfo;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.Agent;
import org.mbrl4j.agent.AgentState;
import org.mbrl4j.agent.BatchShape;
import org.mbrl4j.agent.Divergence;
import org.mbrl4j.agent.DivergenceLatch;
import org.mbrl4j.agent.EvalActor;
import org.mbrl4j.agent.ModelUpdateOutcome;
import org.mbrl4j.agent.EvalFigure;
import org.mbrl4j.agent.EvalProbe;
import org.mbrl4j.agent.UpdateSchedule;
import org.mbrl4j.agent.planner.CemScorer;
import org.mbrl4j.agent.planner.PlanResult;
import org.mbrl4j.agent.planner.Planner;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.config.Algorithm;
import org.mbrl4j.env.Observation;
import org.mbrl4j.nn.Mode;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * PlaNet (docs/planet.md): the {@link PlanetModel} learned by {@link PlanetUpdate} on the trainer's
 * schedule ({@link #updateSchedule()}: updates after every collected episode), and acting by filtering
 * each frame into the posterior ({@link BeliefFilter}) and planning with the CEM over the prior on the
 * shared {@link Planner} ({@link CemScorer} over {@link PriorPlanning}), every plan from mean 0 and std 1;
 * in TRAIN mode N(0, train_noise²) is added to the planned action, clipped to [−1, 1].
 *
 * <p>Randomness: the initial parameters, the planner's samples, the acting stream (preprocessing noise
 * and posterior samples of the filter, exploration noise) and the update stream (preprocessing noise and
 * posterior samples of training) are Philox streams of the run seed; the three counters are saved with
 * the state. Evaluation ({@link #evalActor}) and the figure ({@link #evalFigure}) draw from streams of
 * their own.
 */
public final class PlanetAgent implements Agent {
    /** The acting stream: "pn-act". */
    static final long ACT_STREAM = 0x706E2D616374L;
    /** The update stream: "pn-upd". */
    static final long UPDATE_STREAM = 0x706E2D757064L;
    /** The evaluation streams: "pn-eval" plus the first episode in the high bits. */
    static final long EVAL_STREAM = 0x706E2D6576616CL;

    private final PlanetSpec spec;
    private final PlanetModel model;
    private final PlanetUpdate updater;
    private final Planner planner;
    private final BeliefFilter belief;
    private final Graph graph;
    private Rng actRng;
    private ActInfo lastActInfo = ActInfo.NONE;
    private final DivergenceLatch diverged = new DivergenceLatch();

    public PlanetAgent(Backend backend, PlanetSpec spec) {
        this.spec = spec;
        this.model = new PlanetModel(backend, spec.config().model(), spec.actionDim(), spec.seed());
        this.updater = new PlanetUpdate(model, spec.config().training(), new Rng(spec.seed(), UPDATE_STREAM));
        this.planner = new Planner(spec.plannerSettings(), new CemScorer(new PriorPlanning(model)));
        this.belief = new BeliefFilter(model, 1, spec.config().training().imageBits());
        this.actRng = new Rng(spec.seed(), ACT_STREAM);
        this.graph = new Graph(backend);
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.PLANET;
    }

    public PlanetModel model() {
        return model;
    }

    public PlanetSpec spec() {
        return spec;
    }

    /**
     * Filters {@code obs} into the belief, plans over the prior from it, and returns the first action of
     * the final CEM mean (plus exploration noise in TRAIN mode); the belief remembers the action.
     */
    @Override
    public float[] act(Observation obs, ActMode mode, long step) {
        byte[] frame = Frames.bytes(obs);
        requireNotDiverged();
        try {
            Tensor z0;
            try (var s = graph.noGrad()) {
                z0 = belief.observe(new Pass(graph, Mode.EVAL, actRng), new int[] {0}, new byte[][] {frame}, actRng);
            }
            planner.resetWarmStart();
            PlanResult r = planner.plan(graph, z0, mode, step);
            lastActInfo = r.info();
            float[] action = r.action().clone();
            if (mode == ActMode.TRAIN && spec.config().cem().trainNoise() > 0) {
                float noise = (float) spec.config().cem().trainNoise();
                for (int i = 0; i < action.length; i++) {
                    action[i] = Math.max(-1f, Math.min(1f, action[i] + noise * actRng.normal()));
                }
            }
            requireFinite(action);
            belief.setAction(0, action);
            return action;
        } finally {
            graph.reset();
        }
    }

    /** The action, unless one of its values is not finite: then the agent has diverged. */
    float[] requireFinite(float[] action) {
        return diverged.requireFinite(action, a -> updater.divergence("action", a, updater.optimizer().steps()));
    }

    @Override
    public ActInfo lastActInfo() {
        return lastActInfo;
    }

    /** The belief restarts from zero state and zero action. */
    @Override
    public void resetEpisode() {
        belief.reset(0);
        planner.resetWarmStart();
    }

    /** Evaluation episodes side by side, each with its own belief, from the stream of (seed, step, first). */
    @Override
    public Optional<EvalActor> evalActor(int episodes, long step, int first) {
        requireNotDiverged();
        Rng rng = new Rng(spec.seed(), EVAL_STREAM + ((long) first << 32), step << 32);
        return Optional.of(new PlanetEvalActor(this, planner, episodes, rng));
    }

    /** The open-loop video prediction figure ({@link OpenLoopFigure}). */
    @Override
    public Optional<EvalFigure> evalFigure() {
        return Optional.of(new OpenLoopFigure(model, spec.config().training().imageBits(), OpenLoopFigure.WIDTH,
                OpenLoopFigure.CONTEXT));
    }

    @Override
    public UpdateSchedule updateSchedule() {
        return spec.updateSchedule();
    }

    /** batch_size chunks of chunk_length transitions. */
    @Override
    public BatchShape batchShape() {
        return new BatchShape(spec.config().training().batchSize(), spec.config().training().chunkLength());
    }

    @Override
    public Map<String, Double> update(Batch batch) {
        requireNotDiverged();
        try {
            ModelUpdateOutcome r = updater.update(graph, batch);
            diverged.keepIfPresent(r.divergence());
            return r.metrics();
        } finally {
            graph.reset();
        }
    }

    void requireNotDiverged() {
        diverged.requireNone();
    }

    @Override
    public Optional<Divergence> divergence() {
        return diverged.divergence();
    }

    @Override
    public Map<String, String> derivedValues() {
        return spec.derivedValues();
    }

    @Override
    public Optional<EvalProbe> evalProbe() {
        return Optional.empty();
    }

    @Override
    public AgentState state() {
        return PlanetState.write(model, updater.optimizer(), belief, new PlanetState.Counters(planner.rngCounter(),
                actRng.counter(), updater.rng().counter()));
    }

    @Override
    public void restore(AgentState state) {
        PlanetState.Counters c = PlanetState.restore(state, model, updater.optimizer(), belief);
        planner.setRngCounter(c.planner());
        actRng.setCounter(c.act());
        updater.rng().setCounter(c.update());
    }

    @Override
    public Map<String, Long> parameterCounts() {
        return model.parameterCounts();
    }

    @Override
    public void close() {
        graph.close();
    }
}
