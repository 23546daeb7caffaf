package org.mbrl4j.train;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.tdmpc2.Tdmpc2Agent;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.config.LoadedConfig;
import org.mbrl4j.io.SafeTensors;
import org.mbrl4j.rng.Rng;

/**
 * Run by {@link CheckpointResumeTest} in a child JVM with {@code -Dmbrl.cpu.vectorBits=0}: the CPU
 * backend's vectorized reductions ({@code FloatVector.reduceLanes(ADD)}) sum in an order that changes
 * when the JIT compiles them, so bit-for-bit comparisons need the scalar kernels. Prints one line per
 * check and exits with 1 on the first mismatch.
 */
public final class DeterminismProbe {
    private DeterminismProbe() {}

    record Update(long step, Map<String, Double> metrics) {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        var out = new PrintWriter(new StringWriter());
        LoadedConfig config = TrainerFixture.config(work, "steps=500", "checkpoint_every=400", "batch_size=8");

        // an uninterrupted run, and one resumed from its checkpoint at step 400
        var full = new ArrayList<Update>();
        try (var backend = new CpuBackend();
                var trainer = new OnlineTrainer(config, backend, Optional.empty(), OnlineTrainer.Options.of(out, false)
                        .withUpdateListener((s, m) -> full.add(new Update(s, m))))) {
            TrainResult a = trainer.run();
            Path latest = a.dir().checkpoint(RunDirectory.LATEST);
            Checkpoint ck = Checkpoint.read(latest);
            check(ck.trainer().step() == 400, "checkpoint at step 400, got " + ck.trainer().step());
            var resumed = new ArrayList<Update>();
            LoadedConfig again = CheckpointConfig.load(ck, List.of("exp_name=resumed", "checkpoint=" + latest));
            TrainResult b = TrainerFixture.train(again, Optional.of(ck), OnlineTrainer.Options.of(out, false)
                    .withUpdateListener((s, m) -> resumed.add(new Update(s, m)))).result();
            List<Update> tail = full.stream().filter(u -> u.step() >= 400).toList();
            check(tail.size() == 101 && resumed.size() == 101, "101 updates after the checkpoint in both runs, got "
                    + tail.size() + " and " + resumed.size());
            check(tail.equals(resumed), "resumed metrics differ from the uninterrupted run's: first "
                    + firstDifference(tail, resumed));
            System.out.println("resume: " + resumed.size() + " updates from step 400 equal the uninterrupted run's");
            Path fa = a.checkpoint().orElseThrow();
            Path fb = b.checkpoint().orElseThrow();
            check(sameTensors(fa, fb), "final checkpoints' tensors differ");
            for (String key : List.of("trainer.step", "trainer.updates", "trainer.episodes_started",
                    "trainer.rng.seed_actions", "trainer.rng.buffer", "agent.running_scale", "agent.rng.act",
                    "agent.rng.update", "agent.optim.world.steps")) {
                String va = SafeTensors.read(fa).metadata().get(key);
                String vb = SafeTensors.read(fb).metadata().get(key);
                check(va != null && va.equals(vb), key + ": " + va + " vs " + vb);
            }
            System.out.println("resume: final checkpoints hold identical tensors and counters");
            roundTrip(work, trainer);
        }
    }

    /** Save a trained agent, restore it into a fresh one: the next actions and update are bit-identical. */
    private static void roundTrip(Path work, OnlineTrainer trainer) throws Exception {
        Tdmpc2Agent x = trainer.agent();
        Path file = work.resolve("roundtrip.safetensors");
        new Checkpoint(file, ConfigYaml.render(trainer.spec().config(), "t"), "pendulum", 3, 1,
                TrainerState.initial(), x.state(), "test").write(1);
        try (var backend = new CpuBackend(); var y = new Tdmpc2Agent(backend, trainer.spec())) {
            Checkpoint.read(file).restoreInto(y);
            float[] obs = {0.3f, -0.9f, 1.7f};
            for (int i = 0; i < 5; i++) {
                ActMode mode = i % 2 == 0 ? ActMode.TRAIN : ActMode.EVAL;
                float[] ax = x.act(obs, mode, 1000 + i);
                float[] ay = y.act(obs, mode, 1000 + i);
                check(Arrays.equals(ax, ay), "action " + i + " (" + mode + "): " + Arrays.toString(ax) + " vs "
                        + Arrays.toString(ay));
            }
            EpisodeBuffer data = randomEpisodes();
            var mx = x.update(data.sample(8, 3, new Rng(7, 7)));
            var my = y.update(data.sample(8, 3, new Rng(7, 7)));
            check(mx.equals(my), "update metrics " + mx + " vs " + my);
            check(Arrays.equals(x.act(obs, ActMode.TRAIN, 2000), y.act(obs, ActMode.TRAIN, 2000)),
                    "action after the update");
        }
        System.out.println("round trip: 5 actions, an update and the next action are bit-identical");
    }

    private static boolean sameTensors(Path x, Path y) throws java.io.IOException {
        var tx = SafeTensors.read(x).tensors();
        var ty = SafeTensors.read(y).tensors();
        return tx.keySet().equals(ty.keySet())
                && tx.keySet().stream().allMatch(n -> Arrays.equals(tx.get(n).floats(), ty.get(n).floats()));
    }

    private static EpisodeBuffer randomEpisodes() {
        var rng = new Rng(3, 3);
        var b = new EpisodeBuffer(3, 1, 1000);
        var builder = new org.mbrl4j.buffer.EpisodeBuilder(3, 1);
        builder.start(new float[] {1, 0, 0});
        for (int t = 0; t < 50; t++) {
            builder.add(new float[] {rng.uniform(-1, 1)}, rng.normal(), false,
                    new float[] {rng.normal(), rng.normal(), rng.normal()});
        }
        b.add(builder.build());
        return b;
    }

    private static String firstDifference(List<Update> a, List<Update> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                return "#" + i + ": " + a.get(i) + " vs " + b.get(i) + leakHint(a.get(i), b.get(i));
            }
        }
        return "lengths " + a.size() + " vs " + b.size();
    }

    /**
     * Equal losses with another grad_norm mean the gradient depends on more than the restored state:
     * gradients left over from before the checkpoint leak into the update.
     */
    private static String leakHint(Update x, Update y) {
        boolean sameLoss = x.metrics().get("total_loss").equals(y.metrics().get("total_loss"));
        boolean otherNorm = !x.metrics().get("grad_norm").equals(y.metrics().get("grad_norm"));
        return sameLoss && otherNorm ? "\n  (equal losses, different grad_norm: stale gradients from earlier updates reach"
                + " this one; a restored agent starts with zero gradients. Check that no gradient survives an update,"
                + " e.g. a second backward over the whole tape after worldOptim.zeroGrad())" : "";
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.out.println("MISMATCH " + what);
            System.exit(1);
        }
    }
}
