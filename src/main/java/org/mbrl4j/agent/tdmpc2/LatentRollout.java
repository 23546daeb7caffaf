package org.mbrl4j.agent.tdmpc2;

import java.util.ArrayList;
import java.util.List;
import org.mbrl4j.agent.planner.PinnedConstants;
import org.mbrl4j.agent.planner.Rollout;
import org.mbrl4j.agent.planner.RolloutHeadMode;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LayoutFn;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.nn.StackedHeadsMlp;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * {@code rollout_latents} of docs/planner.md#rollout_latents: rolls N copies of z0 through the dynamics for T steps, with
 * given actions (N, T, A) or with actions sampled from the policy prior. With z0 (E, L), E episodes
 * planned together (docs/planner.md#batched-planning), row r rolls from z0[r / N] and there are E·N rows.
 *
 * <p>Inference only (inside {@code g.noGrad()}). With the policy and several heads, the actions are chosen along head 0's latents (the head the
 * planner values with) and the other heads roll those same actions, so every head scores the same
 * action sequence.
 */
public final class LatentRollout {
    private final WorldModel model;
    /** The start-row indices, uploaded once per (episodes, rollouts, heads) (a captured plan uploads nothing). */
    private final PinnedConstants constants;
    /** Every dynamics head stacked (D > 1, made on the first all-heads rollout). */
    private StackedHeadsMlp stacked;
    /** Whether {@link #beginPlan} was ever called, and whether the stack was copied in the current plan. */
    private boolean planning;
    private boolean stackFresh;

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

    /**
     * Starts a plan: the plan's first all-heads rollout re-copies the stacked dynamics heads from the
     * parameters, later ones of the same plan reuse them (a plan does not move the parameters). Before
     * the first call every all-heads rollout re-copies them, so callers that never plan stay current.
     */
    public void beginPlan() {
        planning = true;
        stackFresh = false;
    }

    private Rollout run(Pass p, Tensor z0, Tensor actions, int t, int n, RolloutHeadMode mode, Rng policyRng) {
        if (p.graph().gradEnabled()) {
            throw new IllegalStateException("rollout_latents is inference only (its step views and stacked heads"
                    + " carry no gradient): call it inside g.noGrad(), as the planner does");
        }
        if (mode == RolloutHeadMode.RANDOM) {
            throw new UnsupportedOperationException("rollout_latents: head_mode 'random' is not implemented"
                    + " (docs/planner.md#rollout_latents reserves it for later); use 'single' or 'all'");
        }
        if (mode == RolloutHeadMode.ALL && model.dims().dynamicsHeads() > 1) {
            return allHeads(p, z0, actions, t, n, policyRng);
        }
        Graph g = p.graph();
        int l = model.dims().latentDim();
        int episodes = episodes(z0);
        n = episodes * n;
        Tensor z = LayoutFn.indexSelect(g, g.view(z0, episodes, l), 0, startRows(episodes, n / episodes, 1)); // (N, L)
        List<Tensor> head0 = new ArrayList<>();
        List<Tensor> acts = new ArrayList<>();
        head0.add(g.view(z, n, 1, l));
        int a = model.dims().actionDim();
        Tensor steps = actions == null ? null : stepMajor(g, actions, 1);
        for (int step = 0; step < t; step++) {
            Tensor at = steps != null ? steps.rows(step * n, n)
                    : model.pi(p, z, policyRng.reserve((long) n * a)).action();
            if (actions == null) {
                acts.add(g.view(at, n, 1, a));
            }
            z = model.next(p, z, at);
            head0.add(g.view(z, n, 1, l));
        }
        Tensor latents = g.view(LayoutFn.concat(g, 1, head0.toArray(Tensor[]::new)), 1, n, t + 1, l);
        Tensor actionsOut = actions != null ? actions : LayoutFn.concat(g, 1, acts.toArray(Tensor[]::new));
        return new Rollout(latents, actionsOut);
    }

    /**
     * All D heads as one chain per step ({@link StackedHeadsMlp}): the latents of every head (D, N, L)
     * with the step's actions repeated per head go through one fused layer op per layer. Given actions
     * are repeated per head and laid out step-major by one gather; with the policy each step's
     * actions are drawn along head 0 (a view of the stacked latents) and repeated.
     */
    private Rollout allHeads(Pass p, Tensor z0, Tensor actions, int t, int rollouts, Rng policyRng) {
        Graph g = p.graph();
        int l = model.dims().latentDim();
        int a = model.dims().actionDim();
        int d = model.dims().dynamicsHeads();
        int episodes = episodes(z0);
        int n = episodes * rollouts;
        StackedHeadsMlp heads = stackedHeads();
        Tensor z = g.view(LayoutFn.indexSelect(g, g.view(z0, episodes, l), 0, startRows(episodes, rollouts, d)), d, n,
                l);
        Tensor steps = actions == null ? null : stepMajor(g, actions, d);
        List<Tensor> latents = new ArrayList<>();
        List<Tensor> acts = new ArrayList<>();
        latents.add(g.view(z, d, n, 1, l));
        for (int step = 0; step < t; step++) {
            Tensor atHeads;
            if (steps != null) {
                atHeads = steps.rows(step * d * n, d * n).reshape(d, n, a);
            } else {
                Tensor at = model.pi(p, g.view(z.rows(0, 1), n, l), policyRng.reserve((long) n * a)).action();
                acts.add(g.view(at, n, 1, a));
                atHeads = repeatHeads(g, at, d);
            }
            z = heads.forward(p, LayoutFn.concat(g, -1, z, atHeads));
            latents.add(g.view(z, d, n, 1, l));
        }
        Tensor actionsOut = actions != null ? actions : LayoutFn.concat(g, 1, acts.toArray(Tensor[]::new));
        return new Rollout(LayoutFn.concat(g, 2, latents.toArray(Tensor[]::new)), actionsOut);
    }

    /** The stacked heads, re-copied from the parameters once per plan (every call outside plans). */
    private StackedHeadsMlp stackedHeads() {
        if (stacked == null) {
            stacked = model.stackedDynamics();
        }
        if (!stackFresh) {
            stacked.refresh();
            stackFresh = planning;
        }
        return stacked;
    }

    /**
     * Given actions (N, T, A) laid out step-major and repeated per head, (T·D·N, A) with row
     * (t·D + h)·N + i = actions[i, t], by one gather: each step's actions of every head are then the
     * contiguous rows [t·D·N, (t+1)·D·N), a view, instead of one slice launch per step.
     */
    private Tensor stepMajor(Graph g, Tensor actions, int heads) {
        int n = actions.dim(0);
        int t = actions.dim(1);
        int[] rows = new int[t * heads * n];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = (r % n) * t + r / (heads * n);
        }
        Tensor index = constants.ints("step_major n=" + n + " t=" + t + " heads=" + heads, rows, rows.length);
        return LayoutFn.indexSelect(g, g.view(actions, n * t, actions.dim(2)), 0, index);
    }

    /** at (N, A) repeated for d heads, (d, N, A), by one gather (a concat of d copies launches d copies). */
    private Tensor repeatHeads(Graph g, Tensor at, int d) {
        int n = at.dim(0);
        int[] rows = new int[d * n];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = r % n;
        }
        Tensor index = constants.ints("repeat_rows n=" + n + " heads=" + d, rows, rows.length);
        return g.view(LayoutFn.indexSelect(g, at, 0, index), d, n, at.dim(1));
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
