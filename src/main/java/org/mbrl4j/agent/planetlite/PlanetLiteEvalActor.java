package org.mbrl4j.agent.planetlite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mbrl4j.agent.ActInfo;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.EvalActor;
import org.mbrl4j.agent.planner.PlanResult;
import org.mbrl4j.agent.planner.Planner;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.env.Observation;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * PlaNet-lite acting in E evaluation episodes side by side: per env step, the running episodes' states
 * are planned together with {@link Planner#planEach}, each from mean 0 (PlaNet-lite keeps no warm start
 * between plans) and acting with the first action of its final CEM mean, as {@link PlanetLiteAgent#act}.
 * Draws come from the actor's own stream (the agent's eval stream at the evaluation's step and first
 * episode), never from the planner's training stream, and the actor has its own graph, so an evaluation
 * leaves the agent's state as it was.
 */
final class PlanetLiteEvalActor implements EvalActor {
    private final PlanetLiteAgent agent;
    private final Planner planner;
    private final Graph graph;
    private final Rng rng;
    private final int episodes;
    private final long step;
    private final ActInfo[] infos;

    PlanetLiteEvalActor(PlanetLiteAgent agent, Planner planner, int episodes, long step, Rng rng) {
        if (episodes < 1) {
            throw new IllegalArgumentException("planet-lite eval actor: episodes=" + episodes + " must be >= 1");
        }
        this.agent = agent;
        this.planner = planner;
        this.graph = new Graph(agent.model().backend());
        this.rng = rng;
        this.episodes = episodes;
        this.step = step;
        this.infos = new ActInfo[episodes];
        Arrays.fill(infos, ActInfo.NONE);
    }

    @Override
    public int episodes() {
        return episodes;
    }

    @Override
    public float[][] act(Observation[] obs) {
        int[] running = running(obs);
        int n = running.length;
        int obsDim = agent.spec().obsDim();
        float[] stacked = new float[n * obsDim];
        for (int i = 0; i < n; i++) {
            System.arraycopy(agent.stateValues(obs[running[i]]), 0, stacked, i * obsDim, obsDim);
        }
        agent.requireNotDiverged();
        float[][] actions = new float[episodes][];
        Arrays.fill(infos, ActInfo.NONE);
        try {
            var settings = planner.settings();
            Tensor means = graph.temp(n, settings.horizon(), settings.actionDim());
            agent.model().backend().fill(means, 0f);
            List<PlanResult> results = planner.planEach(graph, graph.constant(stacked, n, obsDim), means,
                    ActMode.EVAL, step, rng);
            for (int i = 0; i < n; i++) {
                actions[running[i]] = agent.requireFinite(results.get(i).action());
                infos[running[i]] = results.get(i).info();
            }
        } finally {
            graph.reset();
        }
        return actions;
    }

    private int[] running(Observation[] obs) {
        if (obs == null || obs.length != episodes) {
            throw new IllegalArgumentException("planet-lite eval actor: needs " + episodes + " observations (null for"
                    + " an ended episode), got " + (obs == null ? "null" : obs.length));
        }
        List<Integer> r = new ArrayList<>();
        for (int e = 0; e < episodes; e++) {
            if (obs[e] != null) {
                r.add(e);
            }
        }
        if (r.isEmpty()) {
            throw new IllegalArgumentException("planet-lite eval actor: every episode has ended; nothing to act for");
        }
        return r.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public ActInfo lastActInfo(int episode) {
        return infos[episode];
    }

    @Override
    public void close() {
        graph.close();
    }
}
