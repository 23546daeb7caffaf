package org.mbrl4j.autograd;

import java.util.ArrayList;
import java.util.List;
import org.mbrl4j.tensor.Tensor;

/**
 * The record of one step's differentiable ops, replayed in reverse by {@link #runBackward()}. A node
 * whose outputs received no gradient is skipped: nothing downstream of it reached the loss.
 */
final class Tape {
    private record Node(String op, Runnable backward, Tensor[] outputs) {}

    private final List<Node> nodes = new ArrayList<>();

    void record(String op, Runnable backward, Tensor... outputs) {
        nodes.add(new Node(op, backward, outputs));
    }

    int size() {
        return nodes.size();
    }

    void runBackward() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (!anyGrad(n.outputs)) {
                continue;
            }
            try {
                n.backward.run();
            } catch (RuntimeException e) {
                throw new IllegalStateException("backward of op '" + n.op + "' (tape node " + i + ") failed: "
                        + e.getMessage(), e);
            }
        }
    }

    private static boolean anyGrad(Tensor[] outputs) {
        for (Tensor t : outputs) {
            if (t.grad() != null) {
                return true;
            }
        }
        return false;
    }

    void clear() {
        nodes.clear();
    }
}
