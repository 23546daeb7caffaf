package org.mbrl4j.agent.planner;

import org.mbrl4j.agent.ActMode;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LayoutFn;
import org.mbrl4j.autograd.PointwiseFn;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * {@link MppiScorer}'s steps 2-7 block by block, the CPU twin of a batched rollout kernel: each episode's C
 * candidates (fixed first, then sampled) split into blocks ({@link CandidateBlocks}), and each
 * block is carried through the dynamics (every head) over the whole horizon, the rewards, the bootstrap
 * π and Q at z_T and the disagreement before the next block starts, so the block's activations stay in
 * cache; its values and disagreements are written into the full (E·C) scores.
 *
 * <p>Bit for bit the one-batch result: every op of the chain computes a candidate's row from that row
 * alone (GEMM rows sum K in an order that does not depend on M as long as every product has at least
 * the backend's {@link Backend#minRowBlock} rows; row-wise norms, two-hot, sums; element-wise the rest), and the one random draw of scoring (the bootstrap's normals
 * for all E·C rows, then the Q pair) is made up front at the same stream position and read by rows.
 */
final class BlockedRolloutScoring {
    private final PlanningModel model;
    private final MppiSettings settings;
    private final Scoring scoring;

    BlockedRolloutScoring(PlanningModel model, MppiSettings settings, Scoring scoring) {
        this.model = model;
        this.settings = settings;
        this.scoring = scoring;
    }

    BlockedScorer.Scored run(Pass p, Tensor z0, Tensor sampled, Rollout fixed, int episodes, ActMode mode, Rng rng,
            int blockRows, boolean keepLatents) {
        Graph g = p.graph();
        Backend be = model.backend();
        int n = sampled.dim(0) / episodes;
        int s = fixed == null ? 0 : fixed.actions().dim(0) / episodes;
        int c = s + n;
        int rows = episodes * c;
        Tensor actionsCat = fixed == null ? sampled : CandidateBatch.concatActions(g, fixed.actions(), sampled, episodes);
        BootstrapDraws draws = model.drawBootstrap(p, rows, rng);
        Tensor unscaled = g.temp(rows);
        Tensor dis = null;
        Tensor latentsCat = null;
        int[] bounds = CandidateBlocks.bounds(s, n, blockRows, be.minRowBlock());
        for (int e = 0; e < episodes; e++) {
            for (int j = 0; j + 1 < bounds.length; j++) {
                int first = e * c + bounds[j];
                int b = bounds[j + 1] - bounds[j];
                Tensor latents = blockLatents(p, z0, sampled, fixed, e, bounds[j], bounds[j + 1], s, n, mode);
                int heads = requireHeads(latents);
                int steps = latents.dim(2);
                int l = latents.dim(3);
                Tensor head0 = latents.rows(0, 1).reshape(b, steps, l);
                Scoring.Values values = scoring.computeValuesHead0(p, head0, actionsCat.rows(first, b), draws, first);
                be.copy(values.unscaled(), unscaled.rows(first, b));
                if (mode == ActMode.TRAIN && heads > 1) {
                    dis = dis != null ? dis : g.temp(rows);
                    be.copy(Scoring.computeDisagreement(g, finalLatents(g, latents)), dis.rows(first, b));
                }
                if (keepLatents) {
                    latentsCat = latentsCat != null ? latentsCat : g.temp(heads, rows, steps, l);
                    for (int h = 0; h < heads; h++) {
                        be.copy(latents.rows(h, 1).reshape(b, steps, l),
                                latentsCat.rows(h, 1).reshape(rows, steps, l).rows(first, b));
                    }
                }
            }
        }
        Tensor scaled = PointwiseFn.scale(g, unscaled, Scoring.VALUE_SCALE);
        Tensor scores = Scoring.combineScores(g, scaled, dis, settings.lambda(mode));
        return new BlockedScorer.Scored(new Rollout(latentsCat, actionsCat),
                new CandidateScores(unscaled, scaled, dis, scores));
    }

    /**
     * Latents (D, b, T+1, L) of episode e's candidates [from, to): the fixed ones among them copied from
     * {@code fixed}, the sampled ones rolled out from z0[e] now.
     */
    private Tensor blockLatents(Pass p, Tensor z0, Tensor sampled, Rollout fixed, int e, int from, int to, int s,
            int n, ActMode mode) {
        Graph g = p.graph();
        Tensor fixedPart = null;
        if (from < s) {
            fixedPart = LayoutFn.slice(g, fixed.latents(), 1, e * s + from, Math.min(to, s) - from);
        }
        if (to <= s) {
            return fixedPart;
        }
        int start = Math.max(from, s);
        Tensor actions = sampled.rows(e * n + start - s, to - start);
        Tensor rolled = model.rolloutLatents(p, z0.rows(e, 1), actions, settings.headMode(mode)).latents();
        return fixedPart == null ? rolled : LayoutFn.concat(g, 1, fixedPart, rolled);
    }

    /** latents[:, :, -1, :]: (D, b, T+1, L) → (D, b, L). */
    private static Tensor finalLatents(Graph g, Tensor latents) {
        int t = latents.dim(2) - 1;
        return g.view(LayoutFn.slice(g, latents, 2, t, 1), latents.dim(0), latents.dim(1), latents.dim(3));
    }

    /** As {@link MppiScorer}: the block's latents have 1 or planner_num_dynamics_heads heads. */
    private int requireHeads(Tensor latents) {
        int h = latents.dim(0);
        if (h != 1 && h != settings.dynamicsHeads()) {
            throw new IllegalStateException("planner: a block's latents have " + h + " heads, expected 1 or "
                    + "planner_num_dynamics_heads=" + settings.dynamicsHeads());
        }
        return h;
    }
}
