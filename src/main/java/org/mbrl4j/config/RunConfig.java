package org.mbrl4j.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What to run and where its outputs go. Steps are agent steps (tdmpc2-facts §0).
 *
 * @param task          task name; {@code pendulum} (Gymnasium Pendulum-v1) is the embedded default
 * @param obs           observation type
 * @param episodic      enables the termination head and terminal handling
 * @param seed          seed of every random stream in the run
 * @param steps         total agent steps (online) or gradient iterations (offline)
 * @param evalEpisodes  episodes per evaluation
 * @param evalFreq      agent steps between evaluations
 * @param expName       experiment name; becomes a directory name
 * @param workDir       base directory for run outputs (logs, checkpoints)
 * @param checkpoint    checkpoint to load, or null
 * @param saveCsv       write {@code eval.csv} ({@code step,episode_reward})
 * @param saveAgent     save the agent at the end of training
 */
public record RunConfig(
        String task,
        ObsType obs,
        boolean episodic,
        int seed,
        int steps,
        int evalEpisodes,
        int evalFreq,
        String expName,
        String workDir,
        @Nullable String checkpoint,
        boolean saveCsv,
        boolean saveAgent) {

    private static final String NAME_PATTERN = "[A-Za-z0-9._-]+";

    public RunConfig {
        var c = new Checks();
        c.notBlank("task", task);
        c.notNull("obs", obs, Choice.allowed(ObsType.class));
        c.atLeast("steps", steps, 1);
        c.atLeast("eval_episodes", evalEpisodes, 1);
        c.atLeast("eval_freq", evalFreq, 1);
        c.require(expName != null && expName.matches(NAME_PATTERN), "exp_name", expName,
                "must be letters, digits, '.', '_' or '-' (it becomes a directory name)");
        c.notBlank("work_dir", workDir);
        c.require(checkpoint == null || !checkpoint.isBlank(), "checkpoint", checkpoint,
                "must be a file path or null");
        c.throwIfAny();
    }

    public Optional<Path> checkpointPath() {
        return Optional.ofNullable(checkpoint).map(Path::of);
    }

    public Path workDirPath() {
        return Path.of(workDir);
    }
}
