package org.mbrl4j.agent.planetlite;

import java.util.List;
import org.mbrl4j.agent.ActInfo;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.EvalActor;
import org.mbrl4j.agent.EvalEpisodes;
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
    private final long step;
    private final EvalEpisodes episodes;

    PlanetLiteEvalActor(PlanetLiteAgent agent, Planner planner, int episodes, long step, Rng rng) {
        this.episodes = new EvalEpisodes("planet-lite eval actor", episodes);
        this.agent = agent;
        this.planner = planner;
        this.graph = new Graph(agent.model().backend());
        this.rng = rng;
        this.step = step;
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
        try {
            var settings = planner.settings();
            Tensor means = graph.temp(n, settings.horizon(), settings.actionDim());
            agent.model().backend().fill(means, 0f);
            List<PlanResult> results = planner.planEach(graph, graph.constant(stacked, n, obsDim), means,
                    ActMode.EVAL, step, rng);
            for (int i = 0; i < n; i++) {
                actions[running[i]] = agent.requireFinite(results.get(i).action());
                episodes.report(running[i], results.get(i).info());
            }
        } finally {
            graph.reset();
        }
        return actions;
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
