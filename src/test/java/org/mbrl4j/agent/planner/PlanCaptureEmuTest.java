package org.mbrl4j.agent.planner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.GraphCapture;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.EmulatedFp32Cuda;
import org.mbrl4j.testing.TestRandom;

/**
 * Capturing plan() fails loudly when something in it is not capturable: the hand-set
 * {@link AnalyticModel} computes through host arrays (a download in every rollout), so capturing a
 * plan over it on the host emulator throws the capture rule naming the download (and, before its stream
 * is bound to a device key, the rule naming bindKey), and the backend plans
 * eagerly afterwards; a captured plan refuses a detailed-logging step, whose infos read back.
 */
@Tag("emulator")
class PlanCaptureEmuTest extends EmulatedFp32Cuda {
    private static final int T = 3;
    private static final int A = 2;
    @Test
    void aHostReadInsidePlanFailsTheCaptureNamingTheCall() {
        TestRandom rnd = new TestRandom();
        float[][] target = {rnd.floats(A, -0.7, 0.7), rnd.floats(A, -0.7, 0.7), rnd.floats(A, -0.7, 0.7)};
        Planner planner = PlannerFixtures.mppiPlanner(new AnalyticModel(cuda, T, A, 1, target),
                PlannerFixtures.spec(A, rnd.nextLong(), "horizon=" + T, "iterations=2", "num_samples=32",
                        "num_elites=4", "planner_num_seed_policy_trajectories=0", "log_detailed_every=5"));
        GraphCapture capture = cuda.graphCapture().orElseThrow();
        try (Graph g = new Graph(cuda)) {
            Tensor z0 = g.constant(new float[T + 1], 1, T + 1);
            float[] eager = planner.plan(g, z0, ActMode.TRAIN, 1).action(); // the warm-up
            Rng rng = new Rng(planner.settings().seed(), Planner.PLANNER_STREAM, planner.rngCounter());
            IllegalStateException unbound = assertThrows(IllegalStateException.class, () -> capture.capture("plan",
                    () -> planner.planOnDevice(g, z0, ActMode.TRAIN, 1, rng, true)));
            assertTrue(unbound.getMessage().contains("bindKey"), "a draw from an unbound stream: " + unbound.getMessage());
            rng.setCounter(planner.rngCounter());
            capture.bindKey(rng.seed(), rng.stream(), rng.counter());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> capture.capture("plan",
                    () -> planner.planOnDevice(g, z0, ActMode.TRAIN, 1, rng, true)));
            assertTrue(e.getMessage().contains("download") && e.getMessage().contains("captur"), e.getMessage());
            IllegalArgumentException detailed = assertThrows(IllegalArgumentException.class,
                    () -> planner.planOnDevice(g, z0, ActMode.TRAIN, 5, rng, true));
            assertTrue(detailed.getMessage().contains("log_detailed_every=5"), detailed.getMessage());
            planner.resetWarmStart();
            planner.setRngCounter(0);
            float[] again = planner.plan(g, z0, ActMode.TRAIN, 1).action();
            planner.resetWarmStart();
            planner.setRngCounter(0);
            assertArrayEquals(again, planner.plan(g, z0, ActMode.TRAIN, 1).action(),
                    "the backend plans eagerly after the failed capture: " + List.of(eager.length));
        }
    }
}
