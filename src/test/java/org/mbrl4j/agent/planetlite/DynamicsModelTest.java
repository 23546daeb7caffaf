package org.mbrl4j.agent.planetlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.nn.Mode;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;

/** The notebook's MLP: sizes, PyTorch's init bounds, and the planning pass equal to the training pass. */
class DynamicsModelTest {

    @Test
    void hasTheNotebooksLayersAndInitBounds() {
        try (var be = new CpuBackend()) {
            var m = new DynamicsModel(be, 3, 1, 200, 7);
            assertEquals(Map.of("trunk", 4L * 200 + 200 + 200L * 200 + 200, "next_state_head", 200L * 3 + 3,
                    "reward_head", 201L), m.parameterCounts());
            float bound1 = (float) (1 / Math.sqrt(4));
            float bound2 = (float) (1 / Math.sqrt(200));
            for (float w : be.toArray(m.params().get("fc1.weight"))) {
                assertEquals(0, w, bound1);
            }
            float max = 0;
            for (float w : be.toArray(m.params().get("fc2.bias"))) {
                assertEquals(0, w, bound2);
                max = Math.max(max, Math.abs(w));
            }
            assertEquals(bound2, max, 0.2 * bound2, "U(-1/sqrt(200), 1/sqrt(200)): the bias is not zero-initialised");
        }
    }

    /** Planning (no gradients) computes the ReLUs as a clamp: the values must be the same bit for bit. */
    @Test
    void thePlanningPassEqualsTheTrainingPassBitForBit() {
        try (var be = new CpuBackend(); Graph g = new Graph(be)) {
            var m = new DynamicsModel(be, 3, 1, 64, 9);
            var rng = new Rng(4, 4);
            float[] s = new float[3 * 257];
            float[] a = new float[257];
            for (int i = 0; i < s.length; i++) {
                s[i] = rng.uniform(-8f, 8f);
            }
            for (int i = 0; i < a.length; i++) {
                a[i] = rng.uniform(-1f, 1f);
            }
            Pass p = new Pass(g, Mode.TRAIN, rng);
            var train = m.forward(p, g.constant(s, 257, 3), g.constant(a, 257, 1));
            float[] nextTrain = be.toArray(train.nextState());
            float[] rewardTrain = be.toArray(train.reward());
            try (var noGrad = g.noGrad()) {
                var plan = m.forward(p, g.constant(s, 257, 3), g.constant(a, 257, 1));
                assertArrayEquals(nextTrain, be.toArray(plan.nextState()));
                assertArrayEquals(rewardTrain, be.toArray(plan.reward()));
            }
        }
    }

    @Test
    void misshapenInputsNameTheArgument() {
        try (var be = new CpuBackend(); Graph g = new Graph(be)) {
            var m = new DynamicsModel(be, 3, 1, 8, 9);
            var e = assertThrows(IllegalArgumentException.class, () -> m.forward(new Pass(g, Mode.EVAL, new Rng(1, 1)),
                    g.constant(new float[4], 2, 2), g.constant(new float[2], 2, 1)));
            assertEquals(true, e.getMessage().contains("state"), e.getMessage());
        }
    }
}
