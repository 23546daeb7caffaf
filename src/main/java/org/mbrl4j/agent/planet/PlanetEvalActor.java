package org.mbrl4j.agent.planet;

import java.util.List;
import org.mbrl4j.agent.ActInfo;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.EvalActor;
import org.mbrl4j.agent.EvalEpisodes;
import org.mbrl4j.agent.planner.PlanResult;
import org.mbrl4j.agent.planner.Planner;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.env.Observation;
import org.mbrl4j.nn.Mode;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * PlaNet acting in E evaluation episodes side by side: each episode has its own {@link BeliefFilter}
 * row; per env step the running episodes' frames are filtered as one batch and planned with
 * {@link Planner#planEach}, every plan from mean 0 (no warm start) and no exploration noise. Every draw
 * (preprocessing noise, posterior samples, the CEM's samples and prior samples) comes from the actor's
 * stream, so the agent's training state and streams are untouched.
 */
final class PlanetEvalActor implements EvalActor {
    private final PlanetAgent agent;
    private final Planner planner;
    private final BeliefFilter belief;
    private final Graph graph;
    private final Rng rng;
    private final EvalEpisodes episodes;

    PlanetEvalActor(PlanetAgent agent, Planner planner, int episodes, Rng rng) {
        this.episodes = new EvalEpisodes("eval actor", episodes);
        this.agent = agent;
        this.planner = planner;
        this.belief = new BeliefFilter(agent.model(), episodes, agent.spec().config().training().imageBits());
        this.graph = new Graph(agent.model().backend());
        this.rng = rng;
    }

    @Override
    public int episodes() {
        return episodes.count();
    }

    @Override
    public float[][] act(Observation[] obs) {
        int[] running = episodes.running(obs);
        byte[][] frames = new byte[running.length][];
        for (int i = 0; i < running.length; i++) {
            frames[i] = Frames.bytes(obs[running[i]]);
        }
        agent.requireNotDiverged();
        float[][] actions = new float[episodes()][];
        episodes.clearInfos();
        try {
            Tensor z0;
            try (var s = graph.noGrad()) {
                z0 = belief.observe(new Pass(graph, Mode.EVAL, rng), running, frames, rng);
            }
            int h = planner.settings().horizon();
            Tensor means = graph.temp(running.length, h, planner.settings().actionDim());
            agent.model().backend().fill(means, 0f);
            List<PlanResult> results = planner.planEach(graph, z0, means, ActMode.EVAL, 0, rng);
            for (int i = 0; i < running.length; i++) {
                int e = running[i];
                actions[e] = agent.requireFinite(results.get(i).action().clone());
                belief.setAction(e, actions[e]);
                episodes.report(e, results.get(i).info());
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
