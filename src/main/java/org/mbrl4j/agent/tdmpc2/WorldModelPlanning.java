package org.mbrl4j.agent.tdmpc2;

import org.mbrl4j.agent.planner.PlanningModel;
import org.mbrl4j.agent.planner.Rollout;
import org.mbrl4j.agent.planner.RolloutHeadMode;
import org.mbrl4j.autograd.LossFn;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/** {@link PlanningModel} over the TD-MPC2 world model and its {@link LatentRollout}. */
public final class WorldModelPlanning implements PlanningModel {
    private final WorldModel model;
    private final LatentRollout rollout;

    public WorldModelPlanning(WorldModel model, LatentRollout rollout) {
        this.model = model;
        this.rollout = rollout;
    }

    @Override
    public Backend backend() {
        return model.backend();
    }

    @Override
    public int actionDim() {
        return model.dims().actionDim();
    }

    @Override
    public int latentDim() {
        return model.dims().latentDim();
    }

    @Override
    public int dynamicsHeads() {
        return model.dims().dynamicsHeads();
    }

    @Override
    public boolean episodic() {
        return model.episodic();
    }

    @Override
    public Rollout rolloutLatents(Pass p, Tensor z0, Tensor actions, RolloutHeadMode mode) {
        return rollout.withActions(p, z0, actions, mode);
    }

    @Override
    public Rollout rolloutLatentsWithPolicy(Pass p, Tensor z0, int horizon, int numRollouts, RolloutHeadMode mode,
            Rng rng) {
        return rollout.withPolicy(p, z0, horizon, numRollouts, mode, rng);
    }

    @Override
    public Tensor rewardValues(Pass p, Tensor z, Tensor a) {
        return LossFn.twoHotExpectation(p.graph(), model.reward(p, z, a), model.dims().bins());
    }

    @Override
    public Tensor terminationLogits(Pass p, Tensor z) {
        return p.graph().view(model.terminationLogit(p, z), z.dim(0), z.dim(1));
    }

    @Override
    public Tensor bootstrapValue(Pass p, Tensor zT, Rng rng) {
        int n = zT.dim(0);
        Tensor a = model.pi(p, zT, rng.reserve((long) n * actionDim())).action();
        int[] pair = model.randomPair(rng);
        return model.qValue(p, zT, a, QSet.ONLINE, QReduce.AVG, pair);
    }
}
