package org.mbrl4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mbrl4j.config.RunConfig;

/**
 * Where one training run writes: {@code <work_dir>/<task>/<exp_name>/seed<seed>/}, the layout of the
 * reference's {@code logs/<task>/<seed>/<exp_name>} regrouped so that the seeds of one experiment sit
 * side by side (a results folder overlays them with {@code mbrl plot out.png <exp>/seed*}{@code /eval.csv}).
 * <pre>
 *   config.yaml                  the resolved config (reload it with ./mbrl train config.yaml)
 *   eval.csv                     step,episode_reward,episode_reward_std; step in env steps
 *   train.csv                    one row every log_every agent steps
 *   planner.jsonl                planner statistics, when the agent reports them
 *   multi_gamma.jsonl            auxiliary-head snapshots at each evaluation (multi_gamma with auxiliary heads)
 *   eval.png                     the eval curve, redrawn after every evaluation
 *   figures/&lt;stem&gt;_&lt;env_step&gt;.png  the agent's picture at each evaluation, when it draws one (EvalFigure)
 *   videos/eval_&lt;env_step&gt;.gif    evaluation episode 0 at each evaluation (eval_video=true)
 *   resumed_from                 the checkpoint a run resumed from when it lay outside this directory
 *   checkpoints/latest.safetensors (+ latest.buffer.g&lt;n&gt;.safetensors)   every checkpoint_every steps
 *   checkpoints/final.safetensors  (+ final.buffer.g&lt;n&gt;.safetensors)    at the end (save_agent)
 *   checkpoints/last_good.safetensors (+ its buffer)   when training diverged (exit 3)
 * </pre>
 * A run writes only into its own directory ({@link RunPlacement} decides which).
 */
public record RunDirectory(Path root) {
    public static final String LATEST = "latest";
    public static final String FINAL = "final";

    public static RunDirectory of(RunConfig run) {
        return new RunDirectory(run.workDirPath().resolve(run.task()).resolve(run.expName()).resolve("seed" + run.seed()));
    }

    public Path configYaml() {
        return root.resolve("config.yaml");
    }

    public Path evalCsv() {
        return root.resolve("eval.csv");
    }

    public Path trainCsv() {
        return root.resolve("train.csv");
    }

    public Path plannerJsonl() {
        return root.resolve("planner.jsonl");
    }

    /** The JSONL file of an agent's evaluation probe ({@code multi_gamma.jsonl} for TD-MPC2's). */
    public Path probeLog(String fileName) {
        return root.resolve(fileName);
    }

    public Path evalPng() {
        return root.resolve("eval.png");
    }

    /** {@code figures/<stem>_<envStep>.png}: an {@link org.mbrl4j.agent.EvalFigure}'s picture. */
    public Path figure(String stem, long envStep) {
        if (stem == null || !stem.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("RunDirectory.figure: stem '" + stem
                    + "' must be letters, digits, '.', '_' or '-' (it becomes a file name)");
        }
        return figures().resolve(stem + "_" + envStep + ".png");
    }

    public Path figures() {
        return root.resolve("figures");
    }

    /** {@code videos/eval_<envStep>.gif}: evaluation episode 0 at that env step. */
    public Path evalVideo(long envStep) {
        return videos().resolve("eval_" + envStep + ".gif");
    }

    public Path videos() {
        return root.resolve("videos");
    }

    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    /** {@code checkpoints/<name>.safetensors}. */
    public Path checkpoint(String name) {
        return checkpoints().resolve(name + ".safetensors");
    }

    /** The note of a run that resumed from a checkpoint outside this directory. */
    public Path resumedFrom() {
        return root.resolve("resumed_from");
    }

    public void create() throws IOException {
        Files.createDirectories(checkpoints());
    }
}
