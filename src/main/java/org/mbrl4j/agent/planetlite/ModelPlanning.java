package org.mbrl4j.agent.planetlite;

import org.mbrl4j.agent.planner.LatentRewardModel;
import org.mbrl4j.agent.planner.Rollout;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LayoutFn;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * The dynamics model as the CEM scorer sees it: the "latent" is the env's state vector (L = O), a
 * rollout feeds each predicted next state back in (s_{t+1} = ŝ'(s_t, a_t)), and the reward of step t is
 * r̂(s_t, a_t), as the notebook's cem_planner. One rollout computes both, so the rewards of the
 * rollout just made are kept and handed to {@link #predictedRewards} without a second pass; a
 * rollout from elsewhere is recomputed.
 */
final class ModelPlanning implements LatentRewardModel {
    private final DynamicsModel model;
    /** The latents of the last rollout and their rewards (N, T): arena tensors of that plan's graph. */
    private Tensor lastLatents;
    private Tensor lastRewards;

    ModelPlanning(DynamicsModel model) {
        this.model = model;
    }

    @Override
    public Backend backend() {
        return model.backend();
    }

    @Override
    public int actionDim() {
        return model.actionDim();
    }

    @Override
    public int latentDim() {
        return model.obsDim();
    }

    /**
     * z0 (O) or (1, O), actions (N, T, A) → latents (1, N, T+1, O); the rewards (N, T) are kept. For E
     * episodes planned side by side ({@code Planner.planEach}), z0 (E, O) and actions (E·N, T, A), episode
     * e's N candidates starting from row e.
     */
    @Override
    public Rollout rollout(Pass p, Tensor z0, Tensor actions, Rng rng) {
        Graph g = p.graph();
        int n = actions.dim(0);
        int t = actions.dim(1);
        int o = model.obsDim();
        int a = model.actionDim();
        Shapes.requireShape("planet-lite rollout", "actions", actions, n, t, a);
        int episodes = z0.rank() == 1 ? 1 : z0.dim(0);
        Tensor state;
        if (episodes == 1) {
            Tensor start = g.view(z0, 1, o);
            state = LayoutFn.concat(g, 0, repeat(start, n));
        } else {
            state = startsOfEpisodes(g, g.view(z0, episodes, o), n);
        }
        Tensor[] states = new Tensor[t + 1];
        Tensor[] rewards = new Tensor[t];
        states[0] = g.view(state, n, 1, o);
        for (int i = 0; i < t; i++) {
            Tensor action = g.view(LayoutFn.slice(g, actions, 1, i, 1), n, a);
            DynamicsModel.Prediction next = model.forward(p, state, action);
            state = next.nextState();
            states[i + 1] = g.view(state, n, 1, o);
            rewards[i] = g.view(next.reward(), n, 1);
        }
        lastLatents = g.view(LayoutFn.concat(g, 1, states), 1, n, t + 1, o);
        lastRewards = LayoutFn.concat(g, 1, rewards);
        return new Rollout(lastLatents, actions);
    }

    /** (E·N, O): row e of {@code starts} (E, O) repeated for each of episode e's N = n / E candidates. */
    private static Tensor startsOfEpisodes(Graph g, Tensor starts, int n) {
        int episodes = starts.dim(0);
        if (n % episodes != 0) {
            throw new IllegalArgumentException("planet-lite rollout: " + n + " candidates are not the same number for"
                    + " each of " + episodes + " episodes");
        }
        int perEpisode = n / episodes;
        Tensor[] rows = new Tensor[n];
        for (int e = 0; e < episodes; e++) {
            java.util.Arrays.fill(rows, e * perEpisode, (e + 1) * perEpisode, LayoutFn.slice(g, starts, 0, e, 1));
        }
        return LayoutFn.concat(g, 0, rows);
    }

    private static Tensor[] repeat(Tensor x, int n) {
        Tensor[] out = new Tensor[n];
        java.util.Arrays.fill(out, x);
        return out;
    }

    /** r̂(s_t, a_t) for t < T: (N, T). */
    @Override
    public Tensor predictedRewards(Pass p, Rollout rollout) {
        if (rollout.latents() == lastLatents) {
            return lastRewards;
        }
        Graph g = p.graph();
        Tensor actions = rollout.actions();
        int n = actions.dim(0);
        int t = actions.dim(1);
        int o = model.obsDim();
        Tensor latents = g.view(rollout.latents(), n, t + 1, o);
        Tensor[] rewards = new Tensor[t];
        for (int i = 0; i < t; i++) {
            Tensor state = g.view(LayoutFn.slice(g, latents, 1, i, 1), n, o);
            Tensor action = g.view(LayoutFn.slice(g, actions, 1, i, 1), n, model.actionDim());
            rewards[i] = g.view(model.forward(p, state, action).reward(), n, 1);
        }
        return LayoutFn.concat(g, 1, rewards);
    }
}
