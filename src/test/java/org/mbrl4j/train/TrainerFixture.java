package org.mbrl4j.train;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.config.Config;
import org.mbrl4j.config.LoadedConfig;

/**
 * Tiny, fast training runs on Pendulum (200-step episodes): the cpu model, small batches and a
 * one-iteration planner; 200 seed steps (one random episode), evaluations every 200 steps.
 */
final class TrainerFixture {
    private TrainerFixture() {}

    static final int EPISODE = 200;

    static List<String> overrides(Path workDir, String... extra) {
        var o = new ArrayList<>(List.of("model_size=cpu", "device=cpu", "batch_size=16", "num_samples=16",
                "num_elites=4", "iterations=1", "planner_num_seed_policy_trajectories=2",
                "steps=400", "seed_steps=200", "eval_freq=200", "eval_episodes=1", "log_every=100",
                "work_dir=" + workDir));
        o.addAll(List.of(extra));
        return o;
    }

    static LoadedConfig config(Path workDir, String... extra) {
        return Config.load(Optional.empty(), overrides(workDir, extra));
    }

    /** A finished run and its console output. */
    record Run(TrainResult result, String console) {}

    static Run train(LoadedConfig config, Optional<Checkpoint> resume, OnlineTrainer.Options options) throws Exception {
        try (var backend = new CpuBackend(); var trainer = new OnlineTrainer(config, backend, resume, options)) {
            return new Run(trainer.run(), "");
        }
    }

    static Run train(LoadedConfig config) throws Exception {
        return train(config, Optional.empty());
    }

    static Run train(LoadedConfig config, Optional<Checkpoint> resume) throws Exception {
        var text = new StringWriter();
        var out = new PrintWriter(text);
        Run r = train(config, resume, OnlineTrainer.Options.of(out, false));
        out.flush();
        return new Run(r.result(), text.toString());
    }
}
