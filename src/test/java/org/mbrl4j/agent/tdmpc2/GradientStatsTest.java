package org.mbrl4j.agent.tdmpc2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.AgentState;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.io.TensorData;
import org.mbrl4j.nn.Adam;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.testing.PendulumData;
import org.mbrl4j.testing.TestRandom;

/** log_grads (docs/training-features.md#gradient-logging) against norms computed by hand from the agent's state. */
class GradientStatsTest {

    @Test
    void theLoggedNormsAndRatiosAreThoseOfTheParametersAndGradientsOfTheUpdate() {
        TestRandom rnd = new TestRandom();
        // no clipping, so the first step's moment is (1 − β1) · g exactly the logged gradient
        MbrlConfig cfg = Tdmpc2UpdateTest.tinyConfig("seed=" + rnd.nextInt(1000), "grad_clip_norm=1e9");
        Batch batch = PendulumData.randomEpisodes(rnd, 2).sample(16, 3, new Rng(rnd.nextLong(), 2));
        try (var agent = new Tdmpc2Agent(new CpuBackend(), Tdmpc2Specs.of(cfg, "pendulum", 3, 1, 200))) {
            assertTrue(agent.enableGradientLogging());
            Map<String, TensorData> before = byName(agent.state());
            Map<String, Double> m = agent.update(batch);
            Map<String, TensorData> after = byName(agent.state());

            Map<String, double[]> hand = new TreeMap<>(); // component → {‖g‖², ‖θ_after‖², ‖Δθ‖², ‖θ_before‖²}
            for (String name : before.keySet()) {
                if (!name.startsWith("model.")) {
                    continue;
                }
                String p = name.substring("model.".length());
                String c = p.substring(0, p.indexOf('.'));
                String opt = c.equals(WorldModel.PI) ? "pi" : "world";
                float[] was = before.get(name).floats();
                float[] now = after.get(name).floats();
                float[] moment = after.get("optim." + opt + ".m." + p).floats();
                double[] acc = hand.computeIfAbsent(c, k -> new double[4]);
                for (int i = 0; i < was.length; i++) {
                    double g = moment[i] / (1 - (double) Adam.DEFAULT_BETA1);
                    acc[0] += g * g;
                    acc[1] += (double) now[i] * now[i];
                    acc[2] += ((double) now[i] - was[i]) * ((double) now[i] - was[i]);
                    acc[3] += (double) was[i] * was[i];
                }
            }
            assertEquals(List.of("dynamics", "encoder", "pi", "q", "reward"), List.copyOf(hand.keySet()));
            double worldGradSq = 0;
            for (var e : hand.entrySet()) {
                String c = e.getKey();
                double[] acc = e.getValue();
                close(Math.sqrt(acc[0]), m.get("grad_norm_" + c), 1e-5, "grad_norm_" + c);
                close(Math.sqrt(acc[1]), m.get("param_norm_" + c), 1e-9, "param_norm_" + c);
                close(Math.sqrt(acc[2] / acc[3]), m.get("update_ratio_" + c), 1e-9, "update_ratio_" + c);
                if (!c.equals(WorldModel.PI)) {
                    worldGradSq += acc[0];
                }
            }
            close(Math.sqrt(worldGradSq), m.get("grad_norm"), 1e-5, "the global norm is the components' together");
            close(Math.sqrt(hand.get("pi")[0]), m.get("pi_grad_norm"), 1e-5, "pi_grad_norm");
            assertTrue(m.containsKey("param_norm_world") && m.containsKey("update_ratio_pi"), m.keySet().toString());
        }
    }

    @Test
    void gradientLoggingChangesNoValueOfTheUpdate() {
        TestRandom rnd = new TestRandom();
        MbrlConfig cfg = Tdmpc2UpdateTest.tinyConfig("seed=" + rnd.nextInt(1000));
        Batch batch = PendulumData.randomEpisodes(rnd, 2).sample(16, 3, new Rng(rnd.nextLong(), 2));
        try (var plain = new Tdmpc2Agent(new CpuBackend(), Tdmpc2Specs.of(cfg, "pendulum", 3, 1, 200));
                var logged = new Tdmpc2Agent(new CpuBackend(), Tdmpc2Specs.of(cfg, "pendulum", 3, 1, 200))) {
            logged.enableGradientLogging();
            Map<String, Double> a = plain.update(batch);
            Map<String, Double> b = logged.update(batch);
            a.forEach((k, v) -> assertEquals(v, b.get(k), k));
            Map<String, TensorData> sa = byName(plain.state());
            byName(logged.state()).forEach((k, t) -> assertTrue(java.util.Arrays.equals(sa.get(k).floats(), t.floats()),
                    k));
        }
    }

    private static void close(double expected, Double actual, double rel, String what) {
        assertEquals(expected, actual, rel * Math.abs(expected) + 1e-12, what);
    }

    private static Map<String, TensorData> byName(AgentState s) {
        return s.tensors().stream().collect(Collectors.toMap(TensorData::name, Function.identity()));
    }
}
