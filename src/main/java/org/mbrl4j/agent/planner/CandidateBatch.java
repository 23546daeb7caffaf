package org.mbrl4j.agent.planner;

import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LayoutFn;
import org.mbrl4j.tensor.Tensor;

/**
 * The candidates of E episodes planned together (docs/planner.md#batched-planning): episode-major rows, so
 * episode e owns candidates [e·C, (e+1)·C), its S fixed candidates first, then its N samples.
 */
final class CandidateBatch {
    private CandidateBatch() {}

    /**
     * Step 3 for E episodes: fixed (D, E·S, T+1, L) / (E·S, T, A), or null, and rolled (D, E·N, T+1, L) /
     * (E·N, T, A) → (D, E·C, T+1, L) / (E·C, T, A). With E = 1 this is the plain concatenation.
     */
    static Rollout concat(Graph g, Rollout fixed, Rollout rolled, int episodes) {
        if (fixed == null) {
            return rolled;
        }
        if (episodes == 1) {
            return new Rollout(LayoutFn.concat(g, 1, fixed.latents(), rolled.latents()),
                    concatActions(g, fixed.actions(), rolled.actions(), 1));
        }
        Tensor fl = fixed.latents();
        Tensor rl = rolled.latents();
        int d = rl.dim(0);
        int s = fl.dim(1) / episodes;
        int n = rl.dim(1) / episodes;
        int steps = rl.dim(2);
        int l = rl.dim(3);
        Tensor latents = LayoutFn.concat(g, 2, g.view(fl, d, episodes, s, steps * l), g.view(rl, d, episodes, n, steps * l));
        Tensor actions = concatActions(g, fixed.actions(), rolled.actions(), episodes);
        return new Rollout(g.view(latents, d, episodes * (s + n), steps, l), actions);
    }

    /** The actions of {@link #concat} alone: fixed (E·S, T, A), rolled (E·N, T, A) → (E·C, T, A), episode-major. */
    static Tensor concatActions(Graph g, Tensor fixed, Tensor rolled, int episodes) {
        if (episodes == 1) {
            return LayoutFn.concat(g, 0, fixed, rolled);
        }
        int s = fixed.dim(0) / episodes;
        int n = rolled.dim(0) / episodes;
        int t = rolled.dim(1);
        int a = rolled.dim(2);
        Tensor actions = LayoutFn.concat(g, 1, g.view(fixed, episodes, s, t * a), g.view(rolled, episodes, n, t * a));
        return g.view(actions, episodes * (s + n), t, a);
    }

    /** Episode e's scores (C each): views of rows [e·C, (e+1)·C). */
    static CandidateScores episode(CandidateScores all, int e, int c) {
        return new CandidateScores(all.valuesUnscaled().rows(e * c, c), all.valuesScaled().rows(e * c, c),
                all.disagreements() == null ? null : all.disagreements().rows(e * c, c), all.combined().rows(e * c, c));
    }
}
