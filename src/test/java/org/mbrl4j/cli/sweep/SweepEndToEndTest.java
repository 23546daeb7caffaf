package org.mbrl4j.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A tiny sweep (2 tasks x 2 seeds x 2 values of rho, 250 agent steps at a tiny model size) run for real: with
 * the local launcher, then as a Slurm job array on a single-node Slurm started here ({@link SlurmCluster}),
 * where one array task is cancelled part-way and the sweep resumed; both sweeps must give the same eval curves
 * and the same table. Without Slurm the second part is skipped with a loud message; with
 * MBRL_REQUIRE_SLURM=1 (.ci/run sets it when scripts/install-slurm.sh left Slurm installed) it fails instead.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SweepEndToEndTest {
    @TempDir
    static Path tmp;

    private static SlurmCluster cluster;
    private static String skipReason;

    /** Output and exit status of one {@code mbrl sweep} call. */
    record Run(int exit, String out, String err) {}

    static final String TINY = String.join("\n",
            "overrides:",
            "  device: cpu",
            "  model_size: null",
            "  num_enc_layers: 2",
            "  enc_dim: 32",
            "  mlp_dim: 32",
            "  latent_dim: 16",
            "  num_q: 2",
            "  batch_size: 16",
            "  num_samples: 32",
            "  num_elites: 4",
            "  iterations: 2",
            "  planner_num_seed_policy_trajectories: 4",
            "  action_repeat: 8",
            "  steps: 250",
            "  seed_steps: 125",
            "  eval_freq: 125",
            "  eval_episodes: 1",
            "  log_every: 125",
            "  checkpoint_every: 25",
            "axes:",
            "  task: [pendulum, cartpole-swingup]",
            "  seed: [1, 2]",
            "  rho: [0.5, 0.7]",
            "resources:",
            "  cpus_per_task: 1",
            "  mem: 700M",
            "  time: \"00:20:00\"",
            "");

    static Run sweep(Map<String, String> slurmEnv, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cmd = new CommandLine(new SweepCommand(slurmEnv));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Path sweepFile(String name, String launcher) throws IOException {
        Path f = tmp.resolve(name + ".yaml");
        Files.writeString(f, "name: " + name + "\nout: " + tmp.resolve(name) + "\nlauncher: {kind: " + launcher
                + ", throttle: 2}\n" + TINY);
        return f;
    }

    @BeforeAll
    static void startSlurm() throws Exception {
        try {
            cluster = SlurmCluster.start(tmp.resolve("slurm"));
        } catch (SlurmCluster.Unavailable e) {
            skipReason = e.getMessage();
            String loud = "#".repeat(100);
            System.err.println(loud + "\n# SKIPPING the Slurm part of SweepEndToEndTest: " + skipReason
                    + "\n# Install with scripts/install-slurm.sh (as root); .ci/run does.\n" + loud);
        }
    }

    @AfterAll
    static void stopSlurm() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void requireSlurm() {
        if (skipReason != null && "1".equals(System.getenv("MBRL_REQUIRE_SLURM"))) {
            throw new AssertionError("MBRL_REQUIRE_SLURM=1 but Slurm could not be started: " + skipReason);
        }
        Assumptions.assumeTrue(cluster != null, "no Slurm: " + skipReason);
    }

    @Test
    @Order(1)
    void theLocalLauncherRunsEveryRunAndWritesTheTable() throws Exception {
        Path file = sweepFile("local", "local");
        Run dry = sweep(Map.of(), file.toString(), "--dry-run");
        assertEquals(0, dry.exit(), dry.err());
        assertTrue(dry.out().contains("total: 8 runs (2 tasks x 2 seeds x 2 variants)"), dry.out());
        assertFalse(Files.exists(tmp.resolve("local")), "a dry run writes nothing");

        int cores = Runtime.getRuntime().availableProcessors();
        Run run = sweep(Map.of(), file.toString(), "--parallel", Integer.toString(cores));
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("1 CPU thread each"), run.out());
        List<String> runs = Files.readAllLines(tmp.resolve("local/runs.csv"));
        assertEquals(9, runs.size(), String.join("\n", runs));
        List<String> table = Files.readAllLines(tmp.resolve("local/table.csv"));
        assertEquals(5, table.size(), String.join("\n", table));
        assertTrue(table.get(1).startsWith("pendulum,rho-0.5,2,0,"), table.get(1));
        assertTrue(Files.size(tmp.resolve("local/pendulum.png")) > 0);
        assertTrue(Files.size(tmp.resolve("local/cartpole-swingup.png")) > 0);

        Run status = sweep(Map.of(), file.toString(), "--status");
        assertTrue(status.out().contains("8 runs: 8 done"), status.out());
        Run again = sweep(Map.of(), file.toString());
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("already holds a launched sweep"), again.err());
        Run resume = sweep(Map.of(), file.toString(), "--resume");
        assertTrue(resume.out().contains("0 of 8 runs to launch"), resume.out());
    }

    @Test
    @Order(2)
    void slurmRefusesABadOptionBeforeAnythingIsSubmitted() throws Exception {
        requireSlurm();
        Path file = sweepFile("refused", "slurm");
        Run r = sweep(cluster.env(), file.toString(), "--partition", "no-such-partition");
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("Slurm refuses the sbatch options") && r.err().contains("--partition=no-such-partition")
                && r.err().toLowerCase().contains("invalid partition"), r.err());
        assertFalse(Files.exists(tmp.resolve("refused")), "nothing may be written or submitted");
        Run time = sweep(cluster.env(), file.toString(), "--time", "soon");
        assertEquals(2, time.exit());
        assertTrue(time.err().contains("--time=soon") && time.err().contains("Invalid --time"), time.err());
    }

    @Test
    @Order(3)
    void aSlurmArrayCancelledPartWayAndResumedGivesTheLocalResults() throws Exception {
        requireSlurm();
        Path file = sweepFile("slurm", "slurm");
        Run submit = sweep(cluster.env(), file.toString());
        assertEquals(0, submit.exit(), submit.out() + submit.err());
        assertTrue(submit.out().contains("submitted 8 runs as array job"), submit.out());
        String job = submit.out().replaceAll("(?s).*array job ([0-9]+).*", "$1");

        // Run 0 (pendulum, rho 0.5, seed 1) is cancelled once it has written a checkpoint and before it ends.
        Path log = tmp.resolve("slurm/runs/pendulum/rho-0.5/seed1.log");
        waitFor(() -> Files.exists(log) && Files.readString(log).contains("(step 150,"), 900, "run 0's checkpoint at step 150");
        var cancel = cluster.command("scancel", job + "_0");
        assertEquals(0, cancel.exitCode(), cancel.stderr());
        waitFor(() -> cluster.command("squeue", "-h").stdout().isBlank(), 1200, "the array and table jobs to end");
        String partial = Files.readString(tmp.resolve("slurm/runs/pendulum/rho-0.5/seed1/eval.csv"));
        assertTrue(partial.lines().count() < 4, "run 0 was cancelled before its last evaluation:\n" + partial);

        Run status = sweep(cluster.env(), file.toString(), "--status");
        assertTrue(status.out().contains("8 runs: 7 done, 1 failed"), status.out());
        assertTrue(status.out().contains("--- pendulum/rho-0.5/seed1: last lines of"), status.out());

        Run resume = sweep(cluster.env(), file.toString(), "--resume");
        assertEquals(0, resume.exit(), resume.out() + resume.err());
        assertTrue(resume.out().contains("1 of 8 runs to launch") && resume.out().contains("submitted 1 runs"),
                resume.out());
        waitFor(() -> cluster.command("squeue", "-h").stdout().isBlank(), 600, "the resumed run and table job");
        assertTrue(Files.readString(log).contains("resumes from"), Files.readString(log));
        Run done = sweep(cluster.env(), file.toString(), "--status");
        assertTrue(done.out().contains("8 runs: 8 done"), done.out());

        // The same curves and table as the uninterrupted local sweep, bit for bit.
        for (String run : Files.readAllLines(tmp.resolve("local/runs.tsv")).subList(1, 9)) {
            String rel = tmp.resolve("local").relativize(Path.of(run.split("\t")[4])).toString();
            assertArrayEquals(Files.readAllBytes(tmp.resolve("local").resolve(rel).resolve("eval.csv")),
                    Files.readAllBytes(tmp.resolve("slurm").resolve(rel).resolve("eval.csv")), rel);
        }
        assertEquals(Files.readString(tmp.resolve("local/table.csv")), Files.readString(tmp.resolve("slurm/table.csv")));
        assertEquals(Files.readString(tmp.resolve("local/runs.csv")), Files.readString(tmp.resolve("slurm/runs.csv")));
        assertEquals(Files.readString(tmp.resolve("local/table.md")), Files.readString(tmp.resolve("slurm/table.md")));
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(Check check, int seconds, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + seconds + " s for " + what + "\n" + cluster.logs());
            }
            Thread.sleep(100);
        }
    }
}
