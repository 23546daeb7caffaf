package org.mbrl4j.agent.planetlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.config.PlanetLiteNextState;
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

    /**
     * With next_state=delta the model returns s + head: the same parameters (same seed) give the absolute
     * model's output plus the input state, one float addition per element, in training and in planning.
     */
    @Test
    void theDeltaModelAddsTheInputStateToTheSameHead() {
        try (var be = new CpuBackend(); Graph g = new Graph(be)) {
            var absolute = new DynamicsModel(be, 3, 1, 32, PlanetLiteNextState.ABSOLUTE, 11);
            var delta = new DynamicsModel(be, 3, 1, 32, PlanetLiteNextState.DELTA, 11);
            var rng = new Rng(System.nanoTime(), 5);
            int m = 65;
            float[] s = new float[3 * m];
            float[] a = new float[m];
            for (int i = 0; i < s.length; i++) {
                s[i] = rng.uniform(-8f, 8f);
            }
            for (int i = 0; i < a.length; i++) {
                a[i] = rng.uniform(-1f, 1f);
            }
            Pass p = new Pass(g, Mode.TRAIN, rng);
            var abs = absolute.forward(p, g.constant(s, m, 3), g.constant(a, m, 1));
            float[] head = be.toArray(abs.nextState());
            float[] expected = new float[head.length];
            for (int i = 0; i < head.length; i++) {
                expected[i] = s[i] + head[i];
            }
            var del = delta.forward(p, g.constant(s, m, 3), g.constant(a, m, 1));
            assertArrayEquals(expected, be.toArray(del.nextState()));
            assertArrayEquals(be.toArray(abs.reward()), be.toArray(del.reward()), "the reward head is unchanged");
            try (var noGrad = g.noGrad()) {
                var plan = delta.forward(p, g.constant(s, m, 3), g.constant(a, m, 1));
                assertArrayEquals(expected, be.toArray(plan.nextState()));
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
