package org.mbrl4j.agent;

import java.util.List;
import java.util.Map;
import org.mbrl4j.io.TensorData;

/**
 * Everything needed to resume an agent bit for bit: its tensors under hierarchical names (TD-MPC2:
 * {@code model.encoder.0.weight}, {@code target.q.0.weight}, {@code optim.world.m.encoder.0.weight},
 * ...) and scalars (running scale, optimizer steps, Philox counters) as strings for the checkpoint's
 * metadata block. What the names are is the agent's business; checkpoints store them as they are.
 */
public record AgentState(List<TensorData> tensors, Map<String, String> scalars) {
    public AgentState {
        tensors = List.copyOf(tensors);
        scalars = Map.copyOf(scalars);
    }
}
