package org.mbrl4j.agent.planner;

import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LayoutFn;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * A hand-set {@link PlanningModel} and {@link LatentRewardModel} with a known optimum. Latents are
 * time one-hots (L = T+1): head 0 has z_t = e_t; head h >= 1 adds h · spread · a_{t-1}[0] to
 * component 0, so the heads disagree in proportion to a_{t-1}[0]². Reward r_t = rewardOffset[n] −
 * Σ_j (a_t[j] − a*_t[j])², bootstrap Q = {@code bootstrap} for every row, termination logits from
 * {@code terminationLogit(n, t)} (t = 1..T for z_1..z_T). The policy returns {@code policyActions}
 * (T, A) for every rollout, or uniform actions drawn from the planner's Rng when that is null. As a
 * {@link LatentRewardModel} it rolls out head 0 and predicts the same rewards. {@code policyCalls}
 * and {@code valueCalls} count calls of the policy and of the value bootstrap. Works on the CPU
 * backend through host arrays.
 */
final class AnalyticModel implements PlanningModel, LatentRewardModel {
    interface TerminationLogit {
        float at(int n, int t);
    }

    private final Backend backend;
    private final int horizon;
    private final int actionDim;
    private final int heads;
    private final float[][] target;
    float spread = 1f;
    float bootstrap;
    float[] rewardOffset;
    float[][] policyActions;
    TerminationLogit termination;
    int policyCalls;
    int valueCalls;

    AnalyticModel(Backend backend, int horizon, int actionDim, int heads, float[][] target) {
        this.backend = backend;
        this.horizon = horizon;
        this.actionDim = actionDim;
        this.heads = heads;
        this.target = target;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public int actionDim() {
        return actionDim;
    }

    @Override
    public int latentDim() {
        return horizon + 1;
    }

    @Override
    public int dynamicsHeads() {
        return heads;
    }

    @Override
    public boolean episodic() {
        return termination != null;
    }

    @Override
    public Rollout rolloutLatents(Pass p, Tensor z0, Tensor actions, RolloutHeadMode mode) {
        if (mode == RolloutHeadMode.RANDOM) {
            throw new UnsupportedOperationException("random head mode");
        }
        Graph g = p.graph();
        int n = actions.dim(0);
        int t = actions.dim(1);
        int l = latentDim();
        int h = mode == RolloutHeadMode.ALL ? heads : 1;
        float[] a = backend.toArray(actions);
        float[] z = new float[h * n * (t + 1) * l];
        for (int head = 0; head < h; head++) {
            for (int i = 0; i < n; i++) {
                for (int s = 0; s <= t; s++) {
                    int base = ((head * n + i) * (t + 1) + s) * l;
                    z[base + s] += 1f;
                    if (s > 0) {
                        z[base] += head * spread * a[(i * t + s - 1) * actionDim];
                    }
                }
            }
        }
        return new Rollout(g.constant(z, h, n, t + 1, l), actions);
    }

    @Override
    public Rollout rolloutLatentsWithPolicy(Pass p, Tensor z0, int t, int n, RolloutHeadMode mode, Rng rng) {
        policyCalls++;
        float[] a = new float[n * t * actionDim];
        if (policyActions == null) {
            rng.fillUniform(a, -1f, 1f);
        } else {
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < t; s++) {
                    System.arraycopy(policyActions[s], 0, a, (i * t + s) * actionDim, actionDim);
                }
            }
        }
        return rolloutLatents(p, z0, p.graph().constant(a, n, t, actionDim), mode);
    }

    @Override
    public Tensor rewardValues(Pass p, Tensor z, Tensor actions) {
        int n = actions.dim(0);
        int t = actions.dim(1);
        float[] a = backend.toArray(actions);
        float[] r = new float[n * t];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < t; s++) {
                double sq = 0;
                for (int j = 0; j < actionDim; j++) {
                    double d = a[(i * t + s) * actionDim + j] - target[s][j];
                    sq += d * d;
                }
                r[i * t + s] = (float) ((rewardOffset == null ? 0 : rewardOffset[i]) - sq);
            }
        }
        return p.graph().constant(r, n, t);
    }

    @Override
    public Tensor terminationLogits(Pass p, Tensor z) {
        int n = z.dim(0);
        int t = z.dim(1);
        float[] logits = new float[n * t];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < t; s++) {
                logits[i * t + s] = termination.at(i, s + 1);
            }
        }
        return p.graph().constant(logits, n, t);
    }

    @Override
    public Tensor bootstrapValue(Pass p, Tensor zT, Rng rng) {
        valueCalls++;
        float[] q = new float[zT.dim(0)];
        java.util.Arrays.fill(q, bootstrap);
        return p.graph().constant(q, zT.dim(0));
    }

    /** Draws nothing (its bootstrap is a constant). */
    @Override
    public BootstrapDraws drawBootstrap(Pass p, int rows, Rng rng) {
        return new BootstrapDraws(null, null);
    }

    @Override
    public Tensor bootstrapValue(Pass p, Tensor zT, BootstrapDraws draws, int firstRow) {
        return bootstrapValue(p, zT, (Rng) null);
    }

    /** One float per latent (its rewards and terminations are read per row on the host). */
    @Override
    public long candidateBytes(int horizon, RolloutHeadMode mode) {
        return Float.BYTES * (long) latentDim();
    }

    @Override
    public Rollout rollout(Pass p, Tensor z0, Tensor actions, Rng rng) {
        return rolloutLatents(p, z0, actions, RolloutHeadMode.SINGLE);
    }

    @Override
    public Tensor predictedRewards(Pass p, Rollout rollout) {
        Tensor a = rollout.actions();
        Tensor z = p.graph().view(rollout.latents(), a.dim(0), a.dim(1) + 1, latentDim());
        return rewardValues(p, LayoutFn.slice(p.graph(), z, 1, 0, a.dim(1)), a);
    }
}
