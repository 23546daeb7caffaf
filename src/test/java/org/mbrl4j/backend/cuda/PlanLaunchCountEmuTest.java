package org.mbrl4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.agent.tdmpc2.Tdmpc2Agent;
import org.mbrl4j.agent.tdmpc2.Tdmpc2Spec;
import org.mbrl4j.config.Config;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.env.Observation;
import org.mbrl4j.testing.EmulatedFp32Cuda;
import org.mbrl4j.testing.PendulumData;

/**
 * The kernel launches of one captured TD-MPC2 plan() at the default planner settings (6 iterations,
 * horizon 3, 512 samples, 64 elites, 24 policy seeds, 5 Q heads), counted by the emulated device's
 * graph, with one dynamics head (the default) and with five (every head one chain per horizon step),
 * the device sums of the infos included (11 launches per group of four statistics).
 * The layer widths are small to keep the emulator quick; the launch count does not depend on them.
 * docs/planner.md ("Launches per plan") quotes these numbers: change both together.
 */
@Tag("emulator")
class PlanLaunchCountEmuTest extends EmulatedFp32Cuda {
    /** Training and evaluation plan; evaluation rolls out head 0 only (planner_head_mode_eval: single). */
    @Test
    void oneDynamicsHead() {
        assertEquals(List.of(591, 589), launches(1));
    }

    @Test
    void fiveDynamicsHeads() {
        assertEquals(List.of(690, 589), launches(5));
    }

    /** Kernels of the captured training and evaluation plan with {@code heads} dynamics heads. */
    private static List<Integer> launches(int heads) {
        MbrlConfig cfg = Config.load(Optional.empty(), List.of("seed=7", "enc_dim=32", "mlp_dim=32", "latent_dim=16",
                "planner_num_dynamics_heads=" + heads, "planner_lambda_disagreement=" + (heads > 1 ? "0.1" : "0"),
                "matmul_precision=fp32")).config();
        RunSpec run = RunSpec.derive(cfg.run(), "pendulum", ObsSpec.vector(PendulumData.OBS_DIM),
                PendulumData.ACTION_DIM, 200);
        Tdmpc2Spec spec = Tdmpc2Spec.derive(run, cfg.tdmpc2());
        Observation obs = new Observation.F32(new float[PendulumData.OBS_DIM]);
        List<Integer> out = new ArrayList<>();
        try (Tdmpc2Agent agent = new Tdmpc2Agent(cuda, spec, true)) {
            for (ActMode mode : List.of(ActMode.TRAIN, ActMode.EVAL)) {
                agent.act(obs, mode, 0); // eager warm-up
                agent.act(obs, mode, 1); // captured
                out.add(agent.capturedPlanKernels(mode));
            }
        }
        System.out.println("plan() launches with " + heads + " dynamics head(s): train, eval = " + out);
        return out;
    }
}
