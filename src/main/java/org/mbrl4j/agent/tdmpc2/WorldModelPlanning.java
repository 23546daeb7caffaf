package org.mbrl4j.agent.tdmpc2;

import java.util.ArrayList;
import java.util.List;
import org.mbrl4j.agent.planner.BootstrapDraws;
import org.mbrl4j.agent.planner.PlanningModel;
import org.mbrl4j.agent.planner.Rollout;
import org.mbrl4j.agent.planner.RolloutHeadMode;
import org.mbrl4j.autograd.LossFn;
import org.mbrl4j.autograd.RandomFn;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Tensor;

/**
 * {@link PlanningModel} over the TD-MPC2 world model and its {@link LatentRollout}.
 *
 * <p>The bootstrap's random Q pair is drawn on the host from the planner's stream, as always, and read
 * by the device from a persistent I32 (2) slot per bootstrap of a plan (slot i: the plan's i-th
 * bootstrap). Eagerly each draw is uploaded into its slot at once. While a plan is captured the draws
 * are only recorded with the stream counter they were drawn at ({@link #recordPairs}); before each
 * replay {@link #uploadPairs} redraws them at the same offsets from the replay's start and uploads them,
 * so a replay uses exactly the pairs an eager plan from that counter would.
 */
public final class WorldModelPlanning implements PlanningModel {
    private final WorldModel model;
    private final LatentRollout rollout;
    private final List<Tensor> pairSlots = new ArrayList<>();
    /** While recording: the stream counter of each slot's draw in the plan being captured. */
    private List<Long> recorded;
    private int cursor;

    public WorldModelPlanning(WorldModel model, LatentRollout rollout) {
        this.model = model;
        this.rollout = rollout;
    }

    @Override
    public void beginPlan() {
        cursor = 0;
        rollout.beginPlan();
    }

    /**
     * Starts (true) or ends (false) recording the Q-pair draws instead of uploading them; ending returns
     * the stream counter of each slot's draw, in slot order (empty when starting).
     */
    public long[] recordPairs(boolean on) {
        long[] out = recorded == null ? new long[0] : recorded.stream().mapToLong(Long::longValue).toArray();
        recorded = on ? new ArrayList<>() : null;
        return out;
    }

    /**
     * Redraws slot i's pair from {@code stream} at counter {@code offsets[i]} (relative to {@code start})
     * and uploads it: the pairs a plan drawing from {@code stream} at {@code start} would draw.
     */
    public void uploadPairs(long seed, long stream, long start, long[] offsets) {
        for (int i = 0; i < offsets.length; i++) {
            model.backend().upload(model.randomPair(new Rng(seed, stream, start + offsets[i])), 0, pairSlots.get(i));
        }
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
        return model.qValue(p, zT, a, QSet.ONLINE, QReduce.AVG, pairSlot(rng));
    }

    /** The normals of all rows' bootstrap actions (one draw, as π draws them), then the Q pair. */
    @Override
    public BootstrapDraws drawBootstrap(Pass p, int rows, Rng rng) {
        PhiloxKey key = rng.reserve((long) rows * actionDim());
        Tensor noise = RandomFn.normal(p.graph(), key, 0f, 1f, rows, actionDim());
        return new BootstrapDraws(noise, pairSlot(rng));
    }

    @Override
    public Tensor bootstrapValue(Pass p, Tensor zT, BootstrapDraws draws, int firstRow) {
        Tensor a = model.pi(p, zT, draws.noise().rows(firstRow, zT.dim(0))).action();
        return model.qValue(p, zT, a, QSet.ONLINE, QReduce.AVG, draws.pair());
    }

    /**
     * The widest layer op of a candidate's chain: a dynamics, reward (T rows per candidate), policy or Q
     * (num_q heads) layer holds its input, two hidden widths and its output (latent or bins) per row.
     */
    @Override
    public long candidateBytes(int horizon, RolloutHeadMode mode) {
        ModelDims d = model.dims();
        int heads = mode == RolloutHeadMode.ALL ? d.dynamicsHeads() : 1;
        long layerFloats = (long) d.latentDim() + d.actionDim() + 2L * d.mlpDim()
                + Math.max(d.latentDim(), d.bins().numBins());
        return Float.BYTES * layerFloats * Math.max(Math.max(heads, horizon), d.numQ());
    }

    /** Draws the Q pair from {@code rng} into this plan's next slot (uploaded now, or recorded while capturing). */
    private Tensor pairSlot(Rng rng) {
        long counter = rng.counter();
        int[] pair = model.randomPair(rng);
        if (cursor == pairSlots.size()) {
            pairSlots.add(backend().tensor(DType.I32, false, 2));
        }
        Tensor slot = pairSlots.get(cursor++);
        if (recorded != null) {
            recorded.add(counter);
        } else {
            backend().upload(pair, 0, slot);
        }
        return slot;
    }
}
