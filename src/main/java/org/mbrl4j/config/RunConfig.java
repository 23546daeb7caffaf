package org.mbrl4j.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What to run and where its outputs go. Steps are agent steps (docs/tdmpc2.md#conventions).
 *
 * @param task          task name; {@code pendulum} (Gymnasium Pendulum-v1) is the embedded default
 * @param algorithm     the learning algorithm; its block of the config is the one the agent reads
 * @param obs           observation type: {@code state} vectors, or {@code rgb} frames rendered in software for the
 *                      tasks that have a renderer (docs/pixels.md)
 * @param frameStack    frames per observation with obs=rgb, stacked along the channels (TD-MPC2's reference: 3)
 * @param episodic      enables the termination head and terminal handling
 * @param actionRepeat  env steps per agent step (each action repeated, rewards summed); DMC tasks use 2
 * @param seed          seed of every random stream in the run
 * @param steps         total agent steps (online) or gradient iterations (offline)
 * @param seedSteps     random-action agent steps before learning; 0 derives max(1000, 5 · episode length)
 * @param bufferSize    replay capacity in transitions (capped at {@code steps})
 * @param evalEpisodes  episodes per evaluation
 * @param evalFreq      agent steps between evaluations
 * @param logEvery      agent steps between {@code train.csv} rows
 * @param checkpointEvery agent steps between checkpoints (written at the next episode end); 0: only at the end
 * @param expName       experiment name; becomes a directory name
 * @param workDir       base directory for run outputs (logs, checkpoints)
 * @param runDir        null: the run directory is {@code <work_dir>/<task>/<exp_name>/seed<seed>};
 *                      {@value #RUN_DIR_AUTO}: a new folder beside it named by the start time,
 *                      {@code seed<seed>-<yyyy-MM-dd_HH-mm-ss>}
 * @param overwrite     a fresh run may replace the logs and checkpoints of an earlier run in its directory
 * @param checkpoint    checkpoint to load, or null
 * @param saveCsv       write {@code eval.csv} ({@code step,episode_reward,episode_reward_std})
 * @param saveAgent     save the agent at the end of training
 * @param evalVideo     write an animated GIF of evaluation episode 0 at each evaluation,
 *                      {@code videos/eval_<env_step>.gif} (tasks with frames: the software renderers, dmc-*)
 */
public record RunConfig(
        String task,
        Algorithm algorithm,
        ObsType obs,
        int frameStack,
        boolean episodic,
        int actionRepeat,
        int seed,
        int steps,
        int seedSteps,
        int bufferSize,
        int evalEpisodes,
        int evalFreq,
        int logEvery,
        int checkpointEvery,
        String expName,
        String workDir,
        @Nullable String runDir,
        boolean overwrite,
        @Nullable String checkpoint,
        boolean saveCsv,
        boolean saveAgent,
        boolean evalVideo) {

    /** The {@code run_dir} value that asks for a fresh timestamped run directory. */
    public static final String RUN_DIR_AUTO = "auto";

    private static final String NAME_PATTERN = "[A-Za-z0-9._-]+";

    public RunConfig {
        var c = new Checks();
        c.notBlank("task", task);
        c.notNull("algorithm", algorithm, Choice.allowed(Algorithm.class));
        c.notNull("obs", obs, Choice.allowed(ObsType.class));
        c.atLeast("frame_stack", frameStack, 1);
        c.atLeast("action_repeat", actionRepeat, 1);
        c.atLeast("steps", steps, 1);
        c.atLeast("seed_steps", seedSteps, 0);
        c.atLeast("buffer_size", bufferSize, 1);
        c.atLeast("eval_episodes", evalEpisodes, 1);
        c.atLeast("eval_freq", evalFreq, 1);
        c.atLeast("log_every", logEvery, 1);
        c.atLeast("checkpoint_every", checkpointEvery, 0);
        c.require(expName != null && expName.matches(NAME_PATTERN), "exp_name", expName,
                "must be letters, digits, '.', '_' or '-' (it becomes a directory name)");
        c.notBlank("work_dir", workDir);
        c.require(runDir == null || runDir.equals(RUN_DIR_AUTO), "run_dir", runDir,
                "must be null (<work_dir>/<task>/<exp_name>/seed<seed>) or auto (a new timestamped folder beside it)");
        c.require(checkpoint == null || !checkpoint.isBlank(), "checkpoint", checkpoint,
                "must be a file path or null");
        c.throwIfAny();
    }

    /** Whether run_dir asks for a fresh timestamped run directory. */
    public boolean autoRunDir() {
        return RUN_DIR_AUTO.equals(runDir);
    }

    /** This config with {@code overwrite=false}: what a run records (replaying its config.yaml must not delete it). */
    public RunConfig withoutOverwrite() {
        return new RunConfig(task, algorithm, obs, frameStack, episodic, actionRepeat, seed, steps, seedSteps, bufferSize,
                evalEpisodes, evalFreq, logEvery, checkpointEvery, expName, workDir, runDir, false, checkpoint, saveCsv,
                saveAgent, evalVideo);
    }

    public Optional<Path> checkpointPath() {
        return Optional.ofNullable(checkpoint).map(Path::of);
    }

    public Path workDirPath() {
        return Path.of(workDir);
    }
}
