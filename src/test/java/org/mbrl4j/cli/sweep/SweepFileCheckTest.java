package org.mbrl4j.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweep files are checked whole before anything starts: each refusal names what was wrong; dry runs list the runs. */
class SweepFileCheckTest {
    @TempDir
    Path tmp;

    private SweepEndToEndTest.Run dryRun(String yaml) throws Exception {
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, "out: " + tmp.resolve("out") + "\n" + yaml);
        var r = SweepEndToEndTest.sweep(Map.of(), f.toString(), "--dry-run");
        assertFalse(Files.exists(tmp.resolve("out")), "a dry run writes nothing");
        return r;
    }

    private void refused(String yaml, String... expected) throws Exception {
        var r = dryRun(yaml);
        assertEquals(2, r.exit(), r.out() + r.err());
        for (String e : expected) {
            assertTrue(r.err().contains(e), "expected '" + e + "' in:\n" + r.err());
        }
        // Sweep files run the same with the local launcher: refusals come before the launcher is chosen.
        var started = SweepEndToEndTest.sweep(Map.of(), tmp.resolve("s.yaml").toString());
        assertEquals(2, started.exit(), started.out() + started.err());
        assertFalse(Files.exists(tmp.resolve("out")), "a refused sweep starts nothing");
    }

    @Test
    void anUnknownKeyIsNamedWithTheAllowedOnes() throws Exception {
        refused("axis: {seed: [1]}\n", "unknown key 'axis'", "allowed at the top level", "axes");
        refused("launcher: {kind: local, paralel: 2}\n", "unknown key 'launcher.paralel'", "parallel");
        refused("resources: {cpus: 2}\n", "unknown key 'resources.cpus'", "cpus_per_task");
        refused("launcher: {kind: pbs}\n", "launcher.kind: 'pbs' is not a launcher", "local", "slurm");
    }

    @Test
    void anAxisWithoutValuesIsRefused() throws Exception {
        refused("axes: {seed: []}\n", "axes.seed: the axis is empty");
        refused("axes: {ablation: []}\n", "axes.ablation", "at least one value");
        refused("axes: {lr: [0.001, 0.001]}\n", "axes.lr: value 0.001 is listed twice");
    }

    @Test
    void anUnknownAblationOrTaskIsRefusedWithTheKnownOnes() throws Exception {
        refused("axes: {ablation: [A0-baseline, A9-nothing]}\n", "unknown ablation 'A9-nothing'", "A0-baseline, A1-joint");
        refused("axes: {task: [walker-walk-typo]}\n", "unknown task 'walker-walk-typo'", "pendulum");
    }

    @Test
    void badConfigValuesAreRefusedByTheConfigValidatorForTheRunThatHasThem() throws Exception {
        refused("overrides: {batch_size: abc}\n", "run 0", "batch_size=abc", "expected an integer");
        refused("axes: {task: [pendulum, cartpole-swingup]}\noverrides: {action_repeat: 8, seed_steps: 100}\n",
                "run 1 (task cartpole-swingup", "seed_steps=100", "episode length 125");
        refused("axes: {lrr: [0.1]}\n", "lrr");
        refused("overrides: {exp_name: x}\n", "overrides.exp_name: the sweep sets exp_name itself");
        refused("overrides: {seed: 3}\n", "overrides.seed: give seed as an axis");
        refused("axes: {ablation: [A1-joint]}\n", "run 0", "multi_gamma.gammas");
        refused("axes: {ablation: {A1-joint: {multi_gamma.gammas: '[0.99, 0.97]'}}}\n", "run 0",
                "must equal the primary discount 0.975");
    }

    @Test
    void theMultiGammaStudyHasThirtyCheckedRunsWithEachTasksPrimaryDiscount() throws Exception {
        var r = SweepEndToEndTest.sweep(Map.of(), "configs/sweeps/multi-gamma-ablation.yaml", "--dry-run");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("total: 30 runs (2 tasks x 3 seeds x 5 variants)"), r.out());
        List<String> lines = r.out().lines().toList();
        // Seed-major: every task and ablation of seed 1 first; ${discount} is 0.975 on Pendulum (200 steps) and
        // 0.98 on cart-pole with action_repeat 4 (250 agent steps).
        assertTrue(lines.get(0).startsWith("[0] pendulum/A0-baseline/seed1"), lines.get(0));
        assertTrue(lines.get(3).contains("'multi_gamma.gammas=[0.975, 0.97, 0.995]' seed=1"), lines.get(3));
        assertTrue(lines.get(14).startsWith("[7] cartpole-swingup/A2-separate/seed1"), lines.get(14));
        assertTrue(lines.get(15).contains("action_repeat=4 eval_episodes=3 task=cartpole-swingup"
                + " 'multi_gamma.gammas=[0.98, 0.97, 0.995]'"), lines.get(15));
        assertTrue(lines.get(20).startsWith("[10] pendulum/A0-baseline/seed2"), lines.get(20));
        assertTrue(r.out().contains("local: 2 at a time"), r.out());
    }

    @Test
    void otherAxesNameTheVariantsAndCombineWithTheAblations() {
        Path file = tmp.resolve("g.yaml");
        var sweep = new SweepFile(file, "g", tmp.resolve("out"), java.util.Optional.empty(), List.of(), List.of(),
                List.of(), List.of(new Ablation("A0-baseline", Path.of("configs/ablations/A0-baseline.yaml"), List.of())),
                Map.of("rho", List.of("0.5", "0.7")), Map.of(), Launcher.defaults(), Resources.defaults());
        List<SweepRun> runs = SweepPlan.expand(sweep);
        assertEquals(List.of("A0-baseline_rho-0.5", "A0-baseline_rho-0.7"), runs.stream().map(SweepRun::variant).toList());
        assertTrue(runs.get(1).overrides().contains("rho=0.7"), runs.get(1).overrides().toString());
        assertEquals(tmp.resolve("out/runs/pendulum/A0-baseline_rho-0.7/seed1"), runs.get(1).runDir());
    }

    @Test
    void theAreaUnderTheCurveIsTheMeanReturnOverTraining() {
        var r = RunResult.of(new org.mbrl4j.train.EvalCurves.Series("x", new long[] {0, 100, 300},
                new double[] {-100, 0, 100}));
        assertEquals(100, r.finalReturn());
        assertEquals((100 * -50.0 + 200 * 50.0) / 300, r.auc(), 1e-12);
        assertEquals(300, r.lastStep());
    }

    @Test
    void slurmOptionsComeFromTheResources() {
        var res = new Resources(4, "8G", "04:00:00", "gpu", 1, null, List.of("--account=rl"));
        assertEquals(List.of("--cpus-per-task=4", "--mem=8G", "--time=04:00:00", "--partition=gpu", "--gres=gpu:1",
                "--account=rl"), res.sbatchOptions());
        var gres = new Resources(1, null, null, null, 1, "gpu:a100:2", List.of());
        assertEquals(List.of("--cpus-per-task=1", "--gres=gpu:a100:2"), gres.sbatchOptions());
        assertEquals(1, Launcher.threadsPerRun(2, 4));
        assertEquals(3, Launcher.threadsPerRun(12, 4));
        assertEquals(6, new Launcher(LauncherKind.LOCAL, 0, 0, true).localParallel(12, 2));
    }
}
