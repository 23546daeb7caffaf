package org.mbrl4j.agent.planet;

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
 * The RSSM as the CEM scorer sees it (ecosystem-facts §A.5): the latent is the features [s, h] of the
 * filtered belief (L = S + D); a rollout runs the transition (prior) with a sampled s_t at every step,
 * the noise drawn from the planner's stream, and the reward of step t is the reward head's mean at the
 * state the action leads to, rew(s_{t+1}, h_{t+1}), so a candidate scores Σ_{t=1..H} r̂_t.
 */
final class PriorPlanning implements LatentRewardModel {
    private final PlanetModel model;

    PriorPlanning(PlanetModel model) {
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
        return model.featureSize();
    }

    /**
     * z0 (L), (1, L) or (E, L) and actions (E·N, T, A), episode e's candidates in rows e·N ..
     * (e+1)·N − 1 → latents (1, E·N, T+1, L).
     */
    @Override
    public Rollout rollout(Pass p, Tensor z0, Tensor actions, Rng rng) {
        Graph g = p.graph();
        int n = actions.dim(0);
        int t = actions.dim(1);
        int a = model.actionDim();
        int l = latentDim();
        Shapes.requireShape("planet rollout", "actions", actions, n, t, a);
        Tensor starts = g.view(z0, Math.toIntExact(z0.numel() / l), l);
        int episodes = starts.dim(0);
        if (n % episodes != 0) {
            throw new IllegalArgumentException("planet rollout: " + n + " candidates do not split evenly over "
                    + episodes + " episodes");
        }
        int[] index = new int[n];
        for (int i = 0; i < n; i++) {
            index[i] = i / (n / episodes);
        }
        Tensor start = LayoutFn.indexSelect(g, starts, 0, g.constant(index, n));
        RssmCell cell = model.cell();
        int st = cell.stochSize();
        Tensor s = LayoutFn.slice(g, start, 1, 0, st);
        Tensor h = LayoutFn.slice(g, start, 1, st, cell.deterSize());
        Tensor[] latents = new Tensor[t + 1];
        latents[0] = g.view(start, n, 1, l);
        for (int i = 0; i < t; i++) {
            Tensor action = g.view(LayoutFn.slice(g, actions, 1, i, 1), n, a);
            RssmCell.Prior prior = cell.prior(p, s, action, h);
            h = prior.h();
            s = RssmCell.sample(g, prior.dist(), rng.reserve((long) n * st));
            latents[i + 1] = g.view(RssmCell.features(g, s, h), n, 1, l);
        }
        return new Rollout(g.view(LayoutFn.concat(g, 1, latents), 1, n, t + 1, l), actions);
    }

    /** r̂ at latents 1..T: (N, T). */
    @Override
    public Tensor predictedRewards(Pass p, Rollout rollout) {
        Graph g = p.graph();
        Tensor actions = rollout.actions();
        int n = actions.dim(0);
        int t = actions.dim(1);
        int l = latentDim();
        Tensor next = LayoutFn.slice(g, g.view(rollout.latents(), n, t + 1, l), 1, 1, t);
        return g.view(model.reward().forward(p, g.view(next, n * t, l)), n, t);
    }
}
