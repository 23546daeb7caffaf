package org.mbrl4j.agent.tdmpc2;

import java.util.Arrays;
import java.util.List;
import org.mbrl4j.agent.ActInfo;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.EvalActor;
import org.mbrl4j.agent.EvalEpisodes;
import org.mbrl4j.agent.PhaseRanges;
import org.mbrl4j.agent.planner.PlanResult;
import org.mbrl4j.agent.planner.Planner;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.PhaseSequence;
import org.mbrl4j.env.Observation;
import org.mbrl4j.nn.Mode;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * TD-MPC2 acting in E evaluation episodes side by side (docs/planner.md#batched-planning): per env step, the
 * running episodes' observations are encoded as one batch and planned with {@link Planner#planEach}, each
 * episode warm-started from its own previous mean. Draws come from the actor's stream only (the
 * agent's {@code EVAL_ACT_STREAM} at the evaluation's step); with mpc=false the policy prior's mean acts.
 * Its graph and warm starts are its own, so the agent's training state is untouched.
 */
final class Tdmpc2EvalActor implements EvalActor {
    private final Tdmpc2Agent agent;
    private final Planner planner;
    private final Backend backend;
    private final Graph graph;
    private final Rng rng;
    /** prev_mean of every episode (E, T, A), zeros at the start (docs/planner.md#warm-start). */
    private final Tensor prevMeans;
    private final EvalEpisodes episodes;

    Tdmpc2EvalActor(Tdmpc2Agent agent, Planner planner, int episodes, Rng rng) {
        this.episodes = new EvalEpisodes("eval actor", episodes);
        this.agent = agent;
        this.planner = planner;
        this.backend = agent.model().backend();
        this.graph = new Graph(backend);
        this.rng = rng;
        this.prevMeans = agent.evalWarmStarts(episodes);
    }

    @Override
    public int episodes() {
        return episodes.count();
    }

    @Override
    public float[][] act(Observation[] obs) {
        int[] running = episodes.running(obs);
        int n = running.length;
        int obsDim = agent.spec().obsDim();
        float[] stacked = EvalEpisodes.stackRows(running, obsDim, e -> agent.stateValues(obs[e]));
        agent.requireNotDiverged();
        float[][] actions = new float[episodes.count()][];
        episodes.clearInfos();
        try (var act = PhaseSequence.open(backend, PhaseRanges.ACT); var s = graph.noGrad()) {
            act.next(PhaseRanges.ENCODE);
            Pass eval = new Pass(graph, Mode.EVAL, rng);
            Tensor z0 = agent.model().encode(eval, graph.constant(stacked, n, obsDim));
            if (agent.spec().config().planner().mpc()) {
                act.end();
                plan(z0, running, actions);
            } else {
                act.next(PhaseRanges.POLICY_PRIOR);
                int a = agent.spec().actionDim();
                float[] mean = backend.toArray(agent.model().pi(eval, z0, rng.reserve((long) n * a)).meanAction());
                for (int i = 0; i < n; i++) {
                    actions[running[i]] = agent.requireFinite(Arrays.copyOfRange(mean, i * a, (i + 1) * a));
                }
            }
        } finally {
            graph.reset();
        }
        return actions;
    }

    /** One batched plan for the running episodes; their warm starts are gathered and written back. */
    private void plan(Tensor z0, int[] running, float[][] actions) {
        boolean all = running.length == episodes.count();
        Tensor means = all ? prevMeans : gather(running);
        List<PlanResult> results;
        try {
            results = planner.planEach(graph, z0, means, ActMode.EVAL, 0, rng);
        } catch (Planner.NonFiniteWeightsException e) {
            throw agent.plannerDiverged(e);
        }
        for (int i = 0; i < running.length; i++) {
            int e = running[i];
            if (!all) {
                backend.copy(means.rows(i, 1), prevMeans.rows(e, 1));
            }
            actions[e] = agent.requireFinite(results.get(i).action());
            episodes.report(e, results.get(i).info());
        }
    }

    private Tensor gather(int[] running) {
        Tensor m = graph.temp(running.length, prevMeans.dim(1), prevMeans.dim(2));
        for (int i = 0; i < running.length; i++) {
            backend.copy(prevMeans.rows(running[i], 1), m.rows(i, 1));
        }
        return m;
    }

    @Override
    public ActInfo lastActInfo(int episode) {
        return episodes.lastActInfo(episode);
    }

    @Override
    public void close() {
        graph.close();
    }
}
