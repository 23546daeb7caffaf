package org.mbrl4j.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** scripts/sweep-multi-gamma.sh in dry-run mode: the commands it would run, in order. */
class SweepScriptTest {
    private static List<String> dryRun(String... args) throws IOException, InterruptedException {
        var cmd = new java.util.ArrayList<>(List.of("bash", "scripts/sweep-multi-gamma.sh"));
        cmd.addAll(List.of(args));
        var pb = new ProcessBuilder(cmd).directory(Path.of("").toAbsolutePath().toFile()).redirectErrorStream(true);
        pb.environment().put("SWEEP_DRY_RUN", "1");
        pb.environment().put("OUT", System.getProperty("java.io.tmpdir") + "/sweep-dry-run");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.lines().filter(l -> l.startsWith("sweep: ")).toList();
    }

    @Test
    void primaryDiscountFollowsTheAgentEpisodeAndTaskOverridesStayWithTheirTask() throws Exception {
        List<String> runs = dryRun("pendulum cartpole-swingup", "1 2", "A0-baseline A1-joint", "steps=500",
                "cartpole-swingup:action_repeat=4");
        assertEquals(8, runs.size(), String.join("\n", runs));
        // Seed-major order: every task and ablation of seed 1 before seed 2.
        assertTrue(runs.get(0).contains("task=pendulum seed=1 exp_name=A0-baseline"), runs.get(0));
        assertTrue(runs.get(3).contains("task=cartpole-swingup seed=1 exp_name=A1-joint"), runs.get(3));
        assertTrue(runs.get(4).contains("seed=2"), runs.get(4));
        // Pendulum: 200 steps per episode → 1 - 5/200 = 0.975; cart-pole: 1000 env steps / 4 → 0.98.
        assertTrue(runs.get(1).contains("multi_gamma.gammas=[0.975,0.97,0.995] steps=500"), runs.get(1));
        assertTrue(!runs.get(1).contains("action_repeat"), runs.get(1));
        assertTrue(runs.get(3).contains("multi_gamma.gammas=[0.98,0.97,0.995] steps=500 action_repeat=4"),
                runs.get(3));
        // Without a repeat, the 1000-step cart-pole episode gives the 0.995 cap.
        List<String> plain = dryRun("cartpole-swingup", "1", "A1-joint");
        assertTrue(plain.get(0).contains("multi_gamma.gammas=[0.995,0.97,0.995]"), plain.get(0));
    }

    @Test
    void unknownTaskOrAblationIsRefused() throws Exception {
        var pb = new ProcessBuilder("bash", "scripts/sweep-multi-gamma.sh", "walker", "1", "A0-baseline")
                .redirectErrorStream(true);
        pb.environment().put("SWEEP_DRY_RUN", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor(), out);
        assertTrue(out.contains("unknown task 'walker'"), out);
        pb = new ProcessBuilder("bash", "scripts/sweep-multi-gamma.sh", "pendulum", "1", "A9-nothing")
                .redirectErrorStream(true);
        pb.environment().put("SWEEP_DRY_RUN", "1");
        p = pb.start();
        out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor(), out);
        assertTrue(out.contains("no ablation config configs/ablations/A9-nothing.yaml") && out.contains("A0-baseline"),
                out);
        assertTrue(!out.contains("sweep: ./mbrl"), "nothing may start before the check: " + out);
    }
}
