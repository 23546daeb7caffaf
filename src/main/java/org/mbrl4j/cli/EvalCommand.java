package org.mbrl4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.mbrl4j.agent.Agent;
import org.mbrl4j.agent.EvalFigure;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.agent.factory.Agents;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.config.ConfigException;
import org.mbrl4j.config.KeySuggester;
import org.mbrl4j.config.LoadedConfig;
import org.mbrl4j.config.RunConfig;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.render.FrameRenderer;
import org.mbrl4j.train.Checkpoint;
import org.mbrl4j.train.CheckpointConfig;
import org.mbrl4j.train.EpisodeVideo;
import org.mbrl4j.train.EvalFigurePng;
import org.mbrl4j.train.EvalResult;
import org.mbrl4j.train.Plural;
import org.mbrl4j.train.Evaluator;
import org.mbrl4j.train.TrainEnvs;
import org.mbrl4j.train.TrainException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mbrl eval CHECKPOINT [episodes=N] [video=true [video_dir=DIR] [video_size=S]] [figure=true
 * [figure_dir=DIR]] [key=value...]}: N evaluation episodes (default eval_episodes) of a checkpointed agent,
 * in EVAL mode, with the training run's eval seeds; prints each return and the mean ± std (population).
 * With video=true it writes the animated GIF of episode 1 ({@link EpisodeVideo}, frames S pixels a side,
 * default 64) as {@code eval_<env_step>_<checkpoint name>.gif} in video_dir (default: the run's
 * {@code videos/} for a checkpoint in a run's {@code checkpoints/}, else a {@code videos/} folder beside
 * the checkpoint). With figure=true it writes the agent's {@link EvalFigure} of episode 1
 * ({@link EvalFigurePng}, drawn as the trainer draws it at the checkpoint's step) as
 * {@code <stem>_<env_step>_<checkpoint name>.png} in figure_dir (default: the run's {@code figures/}, or
 * {@code figures/} beside the checkpoint), beside, never over, the training run's own
 * {@code <stem>_<env_step>.png}. The config is the checkpoint's; overrides may change any key but the
 * architecture keys.
 */
@Command(
        name = "eval",
        header = "Evaluate a checkpoint: N episodes in eval mode, each return and the mean \u00b1 std.",
        description = {"",
                "Runs N episodes (episodes=N, default: the checkpoint's eval_episodes) of the checkpointed agent"
                + " in eval mode, with the training run's evaluation seeds, and prints each episode's return and"
                + " the mean \u00b1 std (population) over them. The config is the checkpoint's; key=value overrides"
                + " change any key but the architecture keys.",
                "With video=true it also writes an animated GIF of episode 1 to video_dir (default: the run's"
                + " videos/ folder) as eval_<env_step>_<checkpoint name>.gif, frames video_size pixels a side"
                + " (default 64; the MuJoCo tasks render any size, pendulum and cartpole-swingup only 64).",
                "With figure=true it also writes the agent's evaluation figure of episode 1 (PlaNet: true frames,"
                + " posterior reconstructions, open-loop predictions) to figure_dir (default: the run's figures/"
                + " folder) as <stem>_<env_step>_<checkpoint name>.png.",
                ""},
        footer = {"", "Examples:",
                "  mbrl eval runs/pendulum/default/seed1/checkpoints/final.safetensors",
                "  mbrl eval runs/pendulum/default/seed1/checkpoints/final.safetensors episodes=20",
                "  mbrl eval runs/pendulum/default/seed1/checkpoints/final.safetensors video=true",
                "  mbrl eval runs/dmc-walker-walk/default/seed1/checkpoints/final.safetensors video=true video_size=128",
                "  mbrl eval runs/pendulum/planet/seed1/checkpoints/final.safetensors figure=true",
                "  mbrl eval runs/pendulum/default/seed1/checkpoints/latest.safetensors episodes=5 device=cpu"})
final class EvalCommand implements Callable<Integer> {
    /** eval's own key besides the config keys. */
    static final String EPISODES_KEY = "episodes";
    private static final String EPISODES = EPISODES_KEY + "=";
    /** eval's key that asks for the GIF of episode 1, and the folder it goes to. */
    static final String VIDEO_KEY = "video";
    static final String VIDEO_DIR_KEY = "video_dir";
    static final String VIDEO_SIZE_KEY = "video_size";
    private static final String VIDEO = VIDEO_KEY + "=";
    private static final String VIDEO_DIR = VIDEO_DIR_KEY + "=";
    private static final String VIDEO_SIZE = VIDEO_SIZE_KEY + "=";
    /** eval's key that asks for the agent's evaluation figure of episode 1, and the folder it goes to. */
    static final String FIGURE_KEY = "figure";
    static final String FIGURE_DIR_KEY = "figure_dir";
    private static final String FIGURE = FIGURE_KEY + "=";
    private static final String FIGURE_DIR = FIGURE_DIR_KEY + "=";

    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = "A .safetensors checkpoint written by mbrl train.")
    Path checkpoint;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "KEY=VALUE",
            description = "episodes=N (default: eval_episodes), video=true, video_dir=DIR, video_size=S, figure=true,"
                    + " figure_dir=DIR and config overrides.")
    List<String> args = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        Integer episodes = null;
        boolean video = false;
        Path videoDir = null;
        Integer videoSize = null;
        boolean figure = false;
        Path figureDir = null;
        var overrides = new ArrayList<String>();
        var unknown = new ArrayList<ConfigException.Problem>();
        for (String a : args) {
            if (a.startsWith(EPISODES)) {
                episodes = parseEpisodes(a.substring(EPISODES.length()));
            } else if (a.startsWith(VIDEO)) {
                video = parseBoolean(VIDEO_KEY, a.substring(VIDEO.length()));
            } else if (a.startsWith(VIDEO_DIR)) {
                videoDir = parseDir(VIDEO_DIR_KEY, a.substring(VIDEO_DIR.length()));
            } else if (a.startsWith(VIDEO_SIZE)) {
                videoSize = parseVideoSize(a.substring(VIDEO_SIZE.length()));
            } else if (a.startsWith(FIGURE)) {
                figure = parseBoolean(FIGURE_KEY, a.substring(FIGURE.length()));
            } else if (a.startsWith(FIGURE_DIR)) {
                figureDir = parseDir(FIGURE_DIR_KEY, a.substring(FIGURE_DIR.length()));
            } else if (!a.contains("=")) {
                throw new CliException("'" + a + "' is not an override: write key=value (or episodes=N)", Main.EXIT_USAGE);
            } else {
                String key = a.substring(0, a.indexOf('=')).strip();
                KeySuggester.unknownKey(key, List.of(EPISODES_KEY, VIDEO_KEY, VIDEO_DIR_KEY,
                        VIDEO_SIZE_KEY, FIGURE_KEY, FIGURE_DIR_KEY)).ifPresent(message ->
                        unknown.add(new ConfigException.Problem(key, message + " [command line]")));
                overrides.add(a);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException(unknown);
        }
        if (videoDir != null && !video) {
            throw new CliException("video_dir=" + videoDir + " without video=true: add video=true to write the GIF",
                    Main.EXIT_USAGE);
        }
        if (videoSize != null && !video) {
            throw new CliException("video_size=" + videoSize + " without video=true: add video=true to write the GIF",
                    Main.EXIT_USAGE);
        }
        if (figureDir != null && !figure) {
            throw new CliException("figure_dir=" + figureDir + " without figure=true: add figure=true to write the"
                    + " figure", Main.EXIT_USAGE);
        }
        try {
            Checkpoint ck = Checkpoint.read(checkpoint);
            var saved = CheckpointConfig.load(ck, List.of()).config();
            LoadedConfig loaded = CheckpointConfig.load(ck, overrides);
            CheckpointConfig.requireSameArchitecture(ck, saved, loaded.config());
            loaded.warnings().forEach(w -> out.println("warning: " + w));
            RunConfig run = loaded.config().run();
            int n = episodes != null ? episodes : run.evalEpisodes();
            Env env = TrainEnvs.make(run);
            RunSpec rs = RunSpec.of(run, env.spec());
            EpisodeVideo episodeVideo = video ? videoOf(env, run, videoSize != null ? videoSize
                    : FrameRenderer.DEFAULT_SIZE) : null;
            out.printf(Locale.ROOT, "checkpoint: %s (%s, step %d, env step %d, git %s)%n", ck.path(), rs.envName(),
                    ck.trainer().step(), ck.trainer().step() * run.actionRepeat(), ck.gitRevision());
            out.flush();
            try (Backend backend = BackendChoice.create(loaded.config().execution(), out);
                    var agent = Agents.create(backend, rs, loaded.config())) {
                ck.restoreInto(agent, rs);
                Optional<EvalFigure> evalFigure = figure ? Optional.of(figureOf(agent, rs)) : Optional.empty();
                int batch = loaded.config().execution().evalBatchFor(backend.device(), n);
                Supplier<Env> envs = () -> TrainEnvs.make(run);
                Evaluator.Evaluation evaluation = new Evaluator(video ? episodeVideo.recording(envs) : envs, run.seed(),
                        n, run.actionRepeat(), batch).evaluate(agent, ck.trainer().step(), new Evaluator.Listener() {
                            @Override
                            public void episodeEnded(int episode, double episodeReturn, int done) {
                                out.printf(Locale.ROOT, "episode %d: return %.2f%n", episode + 1, episodeReturn);
                                out.flush();
                            }
                        }, video || figure);
                EvalResult r = evaluation.result();
                out.printf(Locale.ROOT, "return: %.2f \u00b1 %.2f over %s%n", r.mean(), r.std(),
                        Plural.of(n, "episode"));
                if (video) {
                    Path gif = (videoDir != null ? videoDir : defaultRunFolder(checkpoint, "videos")).resolve("eval_"
                            + r.envStep() + "_" + stem(checkpoint) + ".gif");
                    writeVideo(episodeVideo, evaluation, gif);
                    out.printf(Locale.ROOT, "video: %s (episode 1, %d frames, %d ms each)%n", gif,
                            evaluation.recorded().orElseThrow().observations().size(),
                            episodeVideo.delayCentiseconds() * 10);
                }
                if (evalFigure.isPresent()) {
                    Path png = (figureDir != null ? figureDir : defaultRunFolder(checkpoint, "figures")).resolve(
                            evalFigure.get().stem() + "_" + r.envStep() + "_" + stem(checkpoint) + ".png");
                    writeFigure(evalFigure.get(), evaluation, run.seed(), ck.trainer().step(), png);
                    out.printf(Locale.ROOT, "figure: %s (episode 1)%n", png);
                }
            }
        } catch (TrainException e) {
            throw new CliException(e.getMessage(), Main.EXIT_USAGE);
        }
        out.flush();
        return 0;
    }

    private static EpisodeVideo videoOf(Env env, RunConfig run, int size) {
        try {
            return EpisodeVideo.of(env, run.actionRepeat(), size);
        } catch (IllegalArgumentException e) {
            throw new CliException("video=true: " + e.getMessage(), Main.EXIT_USAGE);
        }
    }

    private static EvalFigure figureOf(Agent agent, RunSpec rs) {
        return agent.evalFigure().orElseThrow(() -> new CliException("figure=true: the " + agent.algorithm().yamlName()
                + " agent of " + rs.envName() + " draws no evaluation figure (planet does: true frames, posterior"
                + " and open-loop rows); leave figure out", Main.EXIT_USAGE));
    }

    private static void writeFigure(EvalFigure figure, Evaluator.Evaluation evaluation, long runSeed, long step,
            Path png) {
        try {
            EvalFigurePng.write(png, figure, evaluation.recorded().orElseThrow(), runSeed, step);
        } catch (IOException e) {
            throw new CliException("figure_dir=" + png.getParent() + ": cannot write " + png.getFileName() + ": "
                    + e, Main.EXIT_USAGE);
        }
    }

    private static void writeVideo(EpisodeVideo video, Evaluator.Evaluation evaluation, Path gif) {
        try {
            video.write(gif, evaluation.recorded().orElseThrow());
        } catch (IOException e) {
            throw new CliException("video_dir=" + gif.getParent() + ": cannot write " + gif.getFileName() + ": "
                    + e, Main.EXIT_USAGE);
        }
    }

    /**
     * The run's {@code folder} (videos, figures) for a checkpoint in a run's checkpoints/ folder, else
     * {@code folder} beside the checkpoint.
     */
    static Path defaultRunFolder(Path checkpoint, String name) {
        Path folder = checkpoint.toAbsolutePath().getParent();
        boolean inRun = folder.getFileName() != null && folder.getFileName().toString().equals("checkpoints")
                && folder.getParent() != null;
        return (inRun ? folder.getParent() : folder).resolve(name);
    }

    private static String stem(Path checkpoint) {
        String name = checkpoint.getFileName().toString();
        return name.endsWith(".safetensors") ? name.substring(0, name.length() - ".safetensors".length()) : name;
    }

    private static boolean parseBoolean(String key, String value) {
        return switch (value.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new CliException(key + "=" + value + ": must be true or false", Main.EXIT_USAGE);
        };
    }

    private static Path parseDir(String key, String value) {
        if (value.isBlank()) {
            throw new CliException(key + "=" + value + ": must be a folder path", Main.EXIT_USAGE);
        }
        return Path.of(value.strip());
    }

    private static int parseVideoSize(String value) {
        try {
            int size = Integer.parseInt(value.strip());
            if (size >= 1) {
                return size;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CliException("video_size=" + value + ": must be an integer >= 1 (frame side in pixels)",
                Main.EXIT_USAGE);
    }

    private static int parseEpisodes(String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CliException("episodes=" + value + ": must be an integer >= 1", Main.EXIT_USAGE);
    }
}
