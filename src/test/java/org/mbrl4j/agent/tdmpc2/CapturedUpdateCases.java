package org.mbrl4j.agent.tdmpc2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.AgentState;
import org.mbrl4j.agent.DivergedException;
import org.mbrl4j.agent.Divergence;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.GraphCapture;
import org.mbrl4j.backend.cuda.CudaBackend;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.config.Config;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.io.TensorData;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.testing.PendulumData;
import org.mbrl4j.testing.TestRandom;

/**
 * TD-MPC2's update() captured as a CUDA graph, on whichever backend {@link #cuda()} returns (the host
 * emulator in {@link CapturedUpdateEmuTest}, a CUDA device in {@link CapturedUpdateGpuTest}): ten updates, the
 * first eager on the device path, the second captured, the rest replayed, give exactly the parameters,
 * optimizer moments, running scale, streams and metrics of ten eager updates on the same backend, bit for bit; a
 * read after several updates gives the means of their metrics within {@link UpdateMetricSums}' float bound; a
 * divergence in a replay halts on the device and is reported as the eager guard reports it, with the same
 * state; and capturing the eager update (which uploads and reads) fails naming the forbidden call.
 */
abstract class CapturedUpdateCases {

    /** The backend under test, opened once per class (FP32 matmuls). */
    protected abstract CudaBackend cuda();

    private static Tdmpc2Spec spec(long seed) {
        MbrlConfig cfg = Config.load(Optional.empty(), List.of("seed=" + seed, "enc_dim=32", "mlp_dim=32",
                "latent_dim=16", "num_q=3", "batch_size=8", "horizon=3", "planner_num_dynamics_heads=2",
                "matmul_precision=fp32")).config();
        return Tdmpc2Specs.of(cfg, "pendulum", PendulumData.OBS_DIM, PendulumData.ACTION_DIM, 200);
    }

    private static List<Batch> batches(TestRandom rnd, int n) {
        EpisodeBuffer buffer = PendulumData.randomEpisodes(rnd, 2);
        Rng sampler = new Rng(rnd.nextLong(), 3);
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(buffer.sample(8, 3, sampler));
        }
        return out;
    }

    @Test
    void tenReplayedUpdatesEqualTenEagerUpdatesExactly() {
        TestRandom rnd = new TestRandom();
        Tdmpc2Spec spec = spec(rnd.nextInt(1_000_000));
        List<Batch> batches = batches(rnd, 10);
        String where = "test seed " + rnd.seed();
        try (var eager = new Tdmpc2Agent(cuda(), spec, false); var graphed = new Tdmpc2Agent(cuda(), spec, true);
                var quiet = new Tdmpc2Agent(cuda(), spec, true)) {
            graphed.restore(eager.state());
            quiet.restore(eager.state());
            Map<String, Double> last = null;
            List<Map<String, Double>> all = new ArrayList<>();
            for (int i = 0; i < batches.size(); i++) {
                Map<String, Double> want = eager.update(batches.get(i));
                Map<String, Double> got = graphed.update(batches.get(i), true);
                assertEquals(want, got, "update " + (i + 1) + " metrics (exact, in order); " + where);
                assertEquals(List.copyOf(want.keySet()), List.copyOf(got.keySet()), "metric order");
                all.add(want);
                Map<String, Double> q = quiet.update(batches.get(i), i == batches.size() - 1);
                if (i < batches.size() - 1) {
                    assertEquals(Map.of(), q, "metrics only when asked");
                } else {
                    assertMeansWithinBound(all, q, where + ", the quiet agent's one read: the mean of ten updates");
                }
                last = want;
            }
            assertTrue(graphed.capturedKernels() > 100, "updates 2..10 ran from one graph of "
                    + graphed.capturedKernels() + " kernels");
            assertEquals(0, graphed.capturedRebinds(), "the captured advances keep keys and steps in step: no host"
                    + " write besides the batch");
            assertSameState(eager.state(), graphed.state(), true, where);
            assertSameState(eager.state(), quiet.state(), true, where);
            assertTrue(last.containsKey("pi_scale") && last.containsKey("extra_dynamics_loss"), last.toString());
            assertTrue(graphed.divergence().isEmpty());
        }
    }

    @Test
    void aReadGivesTheMeansOfTheUpdatesSinceThePreviousReadWithinTheFloatBound() {
        TestRandom rnd = new TestRandom();
        Tdmpc2Spec spec = spec(rnd.nextInt(1_000_000));
        List<Batch> batches = batches(rnd, 10);
        String where = "test seed " + rnd.seed();
        try (var eager = new Tdmpc2Agent(cuda(), spec, false); var graphed = new Tdmpc2Agent(cuda(), spec, true)) {
            graphed.restore(eager.state());
            List<Map<String, Double>> sinceRead = new ArrayList<>();
            for (int i = 0; i < batches.size(); i++) {
                sinceRead.add(eager.update(batches.get(i)));
                boolean read = i == 5 || i == 9; // rows over updates 1..6 (warm-up, capture, replays) and 7..10
                Map<String, Double> got = graphed.update(batches.get(i), read);
                if (!read) {
                    assertEquals(Map.of(), got, "no read after update " + (i + 1));
                    assertEquals(sinceRead.size(), graphed.capturedMetricUpdates(), "updates counted; " + where);
                    continue;
                }
                assertMeansWithinBound(sinceRead, got, where + ", read after update " + (i + 1));
                assertEquals(0, graphed.capturedMetricUpdates(), "a read restarts the sums");
                sinceRead.clear();
            }
            assertSameState(eager.state(), graphed.state(), true, where);
        }
    }

    /** UpdateMetricSums' bound: n·u·M per mean, plus (L + 6)·u·M for a norm (L the largest |ln s|). */
    private static void assertMeansWithinBound(List<Map<String, Double>> perUpdate, Map<String, Double> got,
            String where) {
        assertEquals(List.copyOf(perUpdate.get(0).keySet()), List.copyOf(got.keySet()), "metric order; " + where);
        int n = perUpdate.size();
        for (String key : got.keySet()) {
            double sum = 0;
            double m = 0;
            double logs = 0;
            for (Map<String, Double> u : perUpdate) {
                double v = u.get(key);
                sum += v;
                m = Math.max(m, Math.abs(v));
                if (v != 0) {
                    logs = Math.max(logs, Math.abs(Math.log(v * v)));
                }
            }
            double mean = sum / n;
            boolean norm = key.endsWith("grad_norm");
            double bound = (n + (norm ? logs + 6 : 0)) * 0x1p-24 * m;
            double err = Math.abs(got.get(key) - mean);
            assertTrue(err <= bound, key + ": mean of " + n + " updates " + got.get(key) + " vs " + mean + " (error "
                    + err + " > bound " + bound + "); " + where);
        }
    }

    @Test
    void aDivergenceInAReplayHaltsOnTheDeviceAndIsReportedAsEagerly() {
        TestRandom rnd = new TestRandom();
        Tdmpc2Spec spec = spec(rnd.nextInt(1_000_000));
        List<Batch> batches = batches(rnd, 6);
        String where = "test seed " + rnd.seed();
        try (var eager = new Tdmpc2Agent(cuda(), spec, false); var graphed = new Tdmpc2Agent(cuda(), spec, true)) {
            graphed.restore(eager.state());
            for (int i = 0; i < 3; i++) {
                eager.update(batches.get(i));
                graphed.update(batches.get(i), false);
            }
            AgentState blownUp = scaledParameters(eager.state(), 1e30f);
            eager.restore(blownUp);
            graphed.restore(blownUp);
            Divergence want = assertThrows(DivergedException.class, () -> eager.update(batches.get(3))).divergence();
            graphed.update(batches.get(3), false); // replayed: the device halts, nothing is read
            graphed.update(batches.get(4), false); // halted: no step
            assertEquals(3, graphed.capturedMetricUpdates(), "the halted update and the one after it not counted");
            Divergence got = graphed.divergence().orElseThrow(() -> new AssertionError("no divergence; " + where));
            assertEquals(want, got, where);
            assertEquals(4, got.update());
            assertSameState(eager.state(), graphed.state(), false, where);
            assertEquals(got, assertThrows(DivergedException.class, () -> graphed.update(batches.get(5), true))
                    .divergence());
        }
    }

    @Test
    void capturingTheEagerUpdateFailsNamingTheForbiddenCall() {
        TestRandom rnd = new TestRandom();
        Tdmpc2Spec spec = spec(rnd.nextInt(1_000_000));
        Batch batch = batches(rnd, 1).get(0);
        GraphCapture capture = cuda().graphCapture().orElseThrow();
        try (var agent = new Tdmpc2Agent(cuda(), spec, false); Graph g = new Graph(cuda())) {
            agent.update(batch); // warm-up
            Tdmpc2Update updater = new Tdmpc2Update(new WorldModel(cuda(), ModelDims.of(spec.config(), false, 3, 1), 7),
                    spec, new Rng(1, 2), new Rng(1, 3));
            updater.update(g, batch);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> capture.capture("eager update", () -> updater.update(g, batch)));
            assertTrue(e.getMessage().contains("upload") && e.getMessage().contains("captur"), e.getMessage());
            g.reset();
            cuda().synchronize();
        }
    }

    private static void assertSameState(AgentState want, AgentState got, boolean streams, String where) {
        assertEquals(want.tensors().size(), got.tensors().size());
        for (int i = 0; i < want.tensors().size(); i++) {
            TensorData w = want.tensors().get(i);
            TensorData g = got.tensors().get(i);
            assertEquals(w.name(), g.name());
            if (w.floats() != null) {
                assertArrayEquals(w.floats(), g.floats(), w.name() + " (exact); " + where);
            }
        }
        for (String key : List.of("running_scale", "optim.world.steps", "optim.pi.steps")) {
            assertEquals(want.scalars().get(key), got.scalars().get(key), key + "; " + where);
        }
        if (streams) {
            assertEquals(want.scalars().get("rng.update"), got.scalars().get("rng.update"), where);
            assertEquals(want.scalars().get("rng.dropout"), got.scalars().get("rng.dropout"), where);
        }
    }

    private static AgentState scaledParameters(AgentState s, float factor) {
        List<TensorData> tensors = new ArrayList<>();
        for (TensorData t : s.tensors()) {
            if (t.name().startsWith("model.") || t.name().startsWith("target.")) {
                float[] v = t.floats().clone();
                for (int i = 0; i < v.length; i++) {
                    v[i] *= factor;
                }
                tensors.add(TensorData.f32(t.name(), v, t.shape()));
            } else {
                tensors.add(t);
            }
        }
        return new AgentState(tensors, s.scalars());
    }
}
