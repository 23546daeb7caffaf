package org.mbrl4j.agent.planetlite;

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
import org.mbrl4j.rng.Rng;

/**
 * PlaNet-lite (docs/planet-lite.md), the agent of the Pendulum notebook (design document 004): a
 * {@link DynamicsModel} over the env's state vector, learned by {@link ModelUpdate}, and the shared
 * {@link Planner} with the plain CEM ({@link CemScorer}, discounted) acting over it. Every plan starts
 * from mean 0 and std init_std (no warm start), as the notebook's cem_planner. The trainer runs its
 * updates on the notebook's schedule ({@link #updateSchedule()}). Randomness: the model's initial
 * values and the planner's samples come from Philox streams of the run seed; the planner's counter is
 * saved with the state. Evaluation plans from a stream of its own ({@link #evalActor}), so it moves no
 * draw of training.
 */
public final class PlanetLiteAgent implements Agent {
    /**
     * The evaluation actors' stream, "pl-eval" in ASCII: episodes from {@code first} on at agent step
     * {@code step} draw from stream EVAL_STREAM + first·2^32 at counter step·2^32.
     */
    static final long EVAL_STREAM = 0x706C2D6576616CL;

    private final PlanetLiteSpec spec;
    private final Backend backend;
    private final DynamicsModel model;
    private final ModelUpdate updater;
    private final Planner planner;
    private final Graph graph;
    private ActInfo lastActInfo = ActInfo.NONE;
    private final DivergenceLatch diverged = new DivergenceLatch();

    public PlanetLiteAgent(Backend backend, PlanetLiteSpec spec) {
        this.spec = spec;
        this.backend = backend;
        this.model = new DynamicsModel(backend, spec.obsDim(), spec.actionDim(),
                spec.config().training().hiddenDim(), spec.config().training().nextState(), spec.seed());
        this.updater = new ModelUpdate(model, spec.config().training(), spec.seed());
        this.planner = new Planner(spec.plannerSettings(),
                new CemScorer(new ModelPlanning(model), spec.config().cem().discount()));
        this.graph = new Graph(backend);
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.PLANET_LITE;
    }

    public DynamicsModel model() {
        return model;
    }

    public PlanetLiteSpec spec() {
        return spec;
    }

    /** The first action of the CEM's final mean, planned over the model from {@code obs}. */
    @Override
    public float[] act(Observation obs, ActMode mode, long step) {
        float[] values = stateValues(obs);
        requireNotDiverged();
        try {
            planner.resetWarmStart();
            PlanResult r = planner.plan(graph, graph.constant(values, 1, spec.obsDim()), mode, step);
            lastActInfo = r.info();
            return requireFinite(r.action());
        } finally {
            graph.reset();
        }
    }

    /**
     * An actor for evaluation episodes {@code first ..} at agent step {@code step}: the planner over the
     * model as {@link #act} plans, drawing from {@link #EVAL_STREAM}, a pure function of (seed, step, first).
     */
    @Override
    public Optional<EvalActor> evalActor(int episodes, long step, int first) {
        requireNotDiverged();
        Rng rng = new Rng(spec.seed(), EVAL_STREAM + ((long) first << 32), step << 32);
        return Optional.of(new PlanetLiteEvalActor(this, planner, episodes, step, rng));
    }

    /** The state vector of {@code obs}, checked against the run. */
    float[] stateValues(Observation obs) {
        float[] values = switch (obs) {
            case Observation.F32 f -> f.values();
            case Observation.U8 u -> throw new IllegalArgumentException("act: a u8 observation of " + u.size()
                    + " bytes, but planet-lite takes f32 state vectors (obs=state)");
        };
        if (values.length != spec.obsDim()) {
            throw new IllegalArgumentException("act: observation has " + values.length + " values, expected "
                    + spec.obsDim());
        }
        return values;
    }

    /** {@code action}, when every value is finite; else the agent has diverged. */
    float[] requireFinite(float[] action) {
        return diverged.requireFinite(action, a -> updater.divergence("action", a, updater.optimizer().steps()));
    }

    @Override
    public ActInfo lastActInfo() {
        return lastActInfo;
    }

    /** Clears the planner's warm start; every plan clears it again, so nothing carries over between plans. */
    @Override
    public void resetEpisode() {
        planner.resetWarmStart();
    }

    @Override
    public UpdateSchedule updateSchedule() {
        return spec.updateSchedule();
    }

    /** batch_size windows of sequence_length transitions. */
    @Override
    public BatchShape batchShape() {
        return new BatchShape(spec.config().training().batchSize(), spec.config().training().sequenceLength());
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
        return PlanetLiteState.write(model, updater.optimizer(), planner.rngCounter());
    }

    @Override
    public void restore(AgentState state) {
        planner.setRngCounter(PlanetLiteState.restore(state, model, updater.optimizer()));
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
