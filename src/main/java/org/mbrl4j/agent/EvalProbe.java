package org.mbrl4j.agent;

import java.util.Map;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.rng.Rng;

/**
 * An agent's diagnostics taken with every evaluation: one JSONL record per evaluation, computed from a
 * replay batch (TD-MPC2's multi-gamma snapshot, docs/multi-gamma.md#logging, into {@code multi_gamma.jsonl}). A
 * probe changes nothing that training reads: it draws only from the caller's {@code rng} and leaves
 * parameters, optimizer state and the agent's own random streams as they were.
 */
public interface EvalProbe {
    /** The file in the run directory that receives the records, e.g. {@code multi_gamma.jsonl}. */
    String fileName();

    /** The replay windows a record is computed from. */
    BatchShape batchShape();

    /**
     * The record of the agent as it is now on {@code batch}, drawing any randomness from {@code rng};
     * fields in output order (the trainer writes {@code step} and {@code env_step} before them).
     */
    Map<String, Object> record(Batch batch, Rng rng);
}
