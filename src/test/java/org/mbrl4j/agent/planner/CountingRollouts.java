package org.mbrl4j.agent.planner;

import org.mbrl4j.backend.Backend;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/** A {@link PlanningModel} that counts the rollouts of given actions it passes on to {@code inner}. */
record CountingRollouts(PlanningModel inner, int[] calls) implements PlanningModel {

    @Override
    public Rollout rolloutLatents(Pass p, Tensor z0, Tensor actions, RolloutHeadMode mode) {
        calls[0]++;
        return inner.rolloutLatents(p, z0, actions, mode);
    }

    @Override
    public Backend backend() {
        return inner.backend();
    }

    @Override
    public int actionDim() {
        return inner.actionDim();
    }

    @Override
    public int latentDim() {
        return inner.latentDim();
    }

    @Override
    public void beginPlan() {
        inner.beginPlan();
    }

    @Override
    public int dynamicsHeads() {
        return inner.dynamicsHeads();
    }

    @Override
    public boolean episodic() {
        return inner.episodic();
    }

    @Override
    public Rollout rolloutLatentsWithPolicy(Pass p, Tensor z0, int horizon, int numRollouts, RolloutHeadMode mode,
            Rng rng) {
        return inner.rolloutLatentsWithPolicy(p, z0, horizon, numRollouts, mode, rng);
    }

    @Override
    public Tensor rewardValues(Pass p, Tensor z, Tensor a) {
        return inner.rewardValues(p, z, a);
    }

    @Override
    public Tensor terminationLogits(Pass p, Tensor z) {
        return inner.terminationLogits(p, z);
    }

    @Override
    public Tensor bootstrapValue(Pass p, Tensor zT, Rng rng) {
        return inner.bootstrapValue(p, zT, rng);
    }

    @Override
    public BootstrapDraws drawBootstrap(Pass p, int rows, Rng rng) {
        return inner.drawBootstrap(p, rows, rng);
    }

    @Override
    public Tensor bootstrapValue(Pass p, Tensor zT, BootstrapDraws draws, int firstRow) {
        return inner.bootstrapValue(p, zT, draws, firstRow);
    }

    @Override
    public long candidateBytes(int horizon, RolloutHeadMode mode) {
        return inner.candidateBytes(horizon, mode);
    }
}
