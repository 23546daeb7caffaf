package org.mbrl4j.agent.tdmpc2;

import java.util.Map;
import org.mbrl4j.agent.BatchShape;
import org.mbrl4j.agent.EvalProbe;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.rng.Rng;

/**
 * The multi-gamma snapshot of docs/multi-gamma.md#logging as an {@link EvalProbe}: with every evaluation, an
 * {@link AuxSnapshot} of the auxiliary heads on a batch of batch_size windows of horizon transitions,
 * in the tier of {@code multi_gamma.debug_logging}, into {@value #FILE_NAME}
 * ({@link AuxSnapshotRecord}).
 */
final class MultiGammaProbe implements EvalProbe {
    static final String FILE_NAME = "multi_gamma.jsonl";

    private final Tdmpc2Agent agent;
    private final AuxSnapshot.Tier tier;

    MultiGammaProbe(Tdmpc2Agent agent) {
        this.agent = agent;
        this.tier = AuxSnapshot.Tier.of(agent.spec().config().multiGamma());
    }

    @Override
    public String fileName() {
        return FILE_NAME;
    }

    @Override
    public BatchShape batchShape() {
        return agent.batchShape();
    }

    @Override
    public Map<String, Object> record(Batch batch, Rng rng) {
        return AuxSnapshotRecord.of(agent.auxSnapshot(batch, tier, rng));
    }
}
