package org.mbrl4j.agent.tdmpc2;

import java.util.List;
import java.util.Map;
import org.mbrl4j.io.TensorData;

/**
 * Everything needed to resume an agent bit for bit: parameter, target and optimizer tensors under
 * hierarchical names ({@code model.encoder.0.weight}, {@code target.q.0.weight},
 * {@code optim.world.m.encoder.0.weight}, ...) and scalars (running scale, optimizer steps, Philox
 * counters) as strings for the checkpoint's metadata block.
 */
public record AgentState(List<TensorData> tensors, Map<String, String> scalars) {
    public AgentState {
        tensors = List.copyOf(tensors);
        scalars = Map.copyOf(scalars);
    }
}
