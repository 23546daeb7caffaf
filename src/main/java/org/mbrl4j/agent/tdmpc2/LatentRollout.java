package org.mbrl4j.agent.tdmpc2;

import java.util.ArrayList;
import java.util.List;
import org.mbrl4j.agent.planner.PinnedConstants;
import org.mbrl4j.agent.planner.Rollout;
import org.mbrl4j.agent.planner.RolloutHeadMode;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LayoutFn;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * {@code rollout_latents} of docs/planner.md#rollout_latents: rolls N copies of z0 through the dynamics for T steps, with
 * given actions (N, T, A) or with actions sampled from the policy prior. With z0 (E, L), E episodes
 * planned together (docs/planner.md#batched-planning), row r rolls from z0[r / N] and there are E·N rows.
 *
 * <p>With the policy and several heads, the actions are chosen along head 0's latents (the head the
 * planner values with) and the other heads roll those same actions, so every head scores the same
 * action sequence.
 */
public final class LatentRollout {
    private final WorldModel model;
    /** The start-row indices, uploaded once per (episodes, rollouts, heads) (a captured plan uploads nothing). */
    private final PinnedConstants constants;

    public LatentRollout(WorldModel model) {
        this.model = model;
        this.constants = new PinnedConstants(model.backend());
    }

    /** Rollout of given actions (E·N, T, A): horizon and rollout count come from their shape. */
    public Rollout withActions(Pass p, Tensor z0, Tensor actions, RolloutHeadMode mode) {
        if (actions == null || actions.rank() != 3 || actions.dim(2) != model.dims().actionDim()) {
            throw new IllegalArgumentException("rollout_latents: actions must be float32[N, T, A] with A="
                    + model.dims().actionDim() + ", got " + (actions == null ? "null" : actions));
        }
        int episodes = episodes(z0);
        if (actions.dim(0) % episodes != 0) {
            throw new IllegalArgumentException("rollout_latents: " + actions.dim(0) + " action rows do not split into "
                    + episodes + " episodes (z0 " + z0 + ")");
        }
        return run(p, z0, actions, actions.dim(1), actions.dim(0) / episodes, mode, null);
    }

    /** Rollout driven by the policy prior, sampling from {@code policyRng}. */
    public Rollout withPolicy(Pass p, Tensor z0, int horizon, int numRollouts, RolloutHeadMode mode, Rng policyRng) {
        if (horizon < 1 || numRollouts < 1) {
            throw new IllegalArgumentException("rollout_latents with the policy needs horizon >= 1 and num_rollouts >= 1,"
                    + " got horizon=" + horizon + ", num_rollouts=" + numRollouts);
        }
        return run(p, z0, null, horizon, numRollouts, mode, policyRng);
    }

    private Rollout run(Pass p, Tensor z0, Tensor actions, int t, int n, RolloutHeadMode mode, Rng policyRng) {
        if (mode == RolloutHeadMode.RANDOM) {
            throw new UnsupportedOperationException("rollout_latents: head_mode 'random' is not implemented"
                    + " (docs/planner.md#rollout_latents reserves it for later); use 'single' or 'all'");
        }
        Graph g = p.graph();
        int l = model.dims().latentDim();
        int episodes = episodes(z0);
        Tensor starts = g.view(z0, episodes, l);
        int rollouts = n;
        n = episodes * rollouts;
        int extraHeads = mode == RolloutHeadMode.ALL ? model.dims().dynamicsHeads() - 1 : 0;
        Tensor z = LayoutFn.indexSelect(g, starts, 0, startRows(episodes, rollouts, 1)); // (N, L)
        Tensor zExtra = extraHeads > 0 ? LayoutFn.indexSelect(g, starts, 0, startRows(episodes, rollouts, extraHeads))
                : null;
        zExtra = zExtra == null ? null : g.view(zExtra, extraHeads, n, l);
        List<Tensor> head0 = new ArrayList<>();
        List<Tensor> extra = new ArrayList<>();
        List<Tensor> acts = new ArrayList<>();
        head0.add(g.view(z, n, 1, l));
        if (zExtra != null) {
            extra.add(g.view(zExtra, extraHeads, n, 1, l));
        }
        int a = model.dims().actionDim();
        for (int step = 0; step < t; step++) {
            Tensor at = actions != null ? g.view(LayoutFn.slice(g, actions, 1, step, 1), n, a)
                    : model.pi(p, z, policyRng.reserve((long) n * a)).action();
            if (actions == null) {
                acts.add(g.view(at, n, 1, a));
            }
            if (zExtra != null) {
                zExtra = model.nextExtra(p, zExtra, at);
                extra.add(g.view(zExtra, extraHeads, n, 1, l));
            }
            z = model.next(p, z, at);
            head0.add(g.view(z, n, 1, l));
        }
        Tensor latents0 = g.view(LayoutFn.concat(g, 1, head0.toArray(Tensor[]::new)), 1, n, t + 1, l);
        Tensor latents = zExtra == null ? latents0
                : LayoutFn.concat(g, 0, latents0, LayoutFn.concat(g, 2, extra.toArray(Tensor[]::new)));
        Tensor actionsOut = actions != null ? actions : LayoutFn.concat(g, 1, acts.toArray(Tensor[]::new));
        return new Rollout(latents, actionsOut);
    }

    /** E: the episodes of z0, float32[L] (one), [1, L] or [E, L]. */
    private int episodes(Tensor z0) {
        int l = model.dims().latentDim();
        if (z0.rank() == 1 && z0.dim(0) == l) {
            return 1;
        }
        if (z0.rank() == 2 && z0.dim(0) >= 1 && z0.dim(1) == l) {
            return z0.dim(0);
        }
        throw new IllegalArgumentException("rollout_latents: z0 must be float32[L] or [E, L] with L=" + l + ", got " + z0);
    }

    /** The z0 row of every rolled row, head-major for extra heads: [h][e][r] → e (I32, H·E·N). */
    private Tensor startRows(int episodes, int rollouts, int heads) {
        int[] rows = new int[heads * episodes * rollouts];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (i / rollouts) % episodes;
        }
        return constants.ints("start_rows e=" + episodes + " heads=" + heads, rows, rows.length);
    }
}
