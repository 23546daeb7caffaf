package org.mbrl4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.agent.factory.Agents;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.config.ConfigException;
import org.mbrl4j.config.KeySuggester;
import org.mbrl4j.config.LoadedConfig;
import org.mbrl4j.config.RunConfig;
import org.mbrl4j.env.Env;
import org.mbrl4j.train.Checkpoint;
import org.mbrl4j.train.CheckpointConfig;
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
 * {@code mbrl eval CHECKPOINT [episodes=N] [key=value...]}: N evaluation episodes (default
 * eval_episodes) of a checkpointed agent, in EVAL mode, with the training run's eval seeds; prints
 * each return and the mean ± std (population). The config is the checkpoint's; overrides may change
 * any key but the architecture keys.
 */
@Command(
        name = "eval",
        header = "Evaluate a checkpoint: N episodes in eval mode, each return and the mean \u00b1 std.",
        description = {"",
                "Runs N episodes (episodes=N, default: the checkpoint's eval_episodes) of the checkpointed agent"
                + " in eval mode, with the training run's evaluation seeds, and prints each episode's return and"
                + " the mean \u00b1 std (population) over them. The config is the checkpoint's; key=value overrides"
                + " change any key but the architecture keys.",
                ""},
        footer = {"", "Examples:",
                "  mbrl eval runs/pendulum/default/seed1/checkpoints/final.safetensors",
                "  mbrl eval runs/pendulum/default/seed1/checkpoints/final.safetensors episodes=20",
                "  mbrl eval runs/pendulum/default/seed1/checkpoints/latest.safetensors episodes=5 device=cpu"})
final class EvalCommand implements Callable<Integer> {
    /** eval's own key besides the config keys. */
    static final String EPISODES_KEY = "episodes";
    private static final String EPISODES = EPISODES_KEY + "=";

    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = "A .safetensors checkpoint written by mbrl train.")
    Path checkpoint;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "KEY=VALUE",
            description = "episodes=N (default: eval_episodes) and config overrides.")
    List<String> args = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        Integer episodes = null;
        var overrides = new ArrayList<String>();
        var unknown = new ArrayList<ConfigException.Problem>();
        for (String a : args) {
            if (a.startsWith(EPISODES)) {
                episodes = parseEpisodes(a.substring(EPISODES.length()));
            } else if (!a.contains("=")) {
                throw new CliException("'" + a + "' is not an override: write key=value (or episodes=N)", Main.EXIT_USAGE);
            } else {
                String key = a.substring(0, a.indexOf('=')).strip();
                KeySuggester.unknownKey(key, List.of(EPISODES_KEY)).ifPresent(message ->
                        unknown.add(new ConfigException.Problem(key, message + " [command line]")));
                overrides.add(a);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException(unknown);
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
            out.printf(Locale.ROOT, "checkpoint: %s (%s, step %d, env step %d, git %s)%n", ck.path(), rs.envName(),
                    ck.trainer().step(), ck.trainer().step() * run.actionRepeat(), ck.gitRevision());
            out.flush();
            try (Backend backend = BackendChoice.create(loaded.config().execution(), out);
                    var agent = Agents.create(backend, rs, loaded.config())) {
                ck.restoreInto(agent, rs);
                int batch = loaded.config().execution().evalBatchFor(backend.device(), n);
                EvalResult r = new Evaluator(() -> TrainEnvs.make(run), run.seed(), n, run.actionRepeat(), batch).evaluate(agent,
                        ck.trainer().step(), new Evaluator.Listener() {
                            @Override
                            public void episodeEnded(int episode, double episodeReturn, int done) {
                                out.printf(Locale.ROOT, "episode %d: return %.2f%n", episode + 1, episodeReturn);
                                out.flush();
                            }
                        });
                out.printf(Locale.ROOT, "return: %.2f \u00b1 %.2f over %s%n", r.mean(), r.std(),
                        Plural.of(n, "episode"));
            }
        } catch (TrainException e) {
            throw new CliException(e.getMessage(), Main.EXIT_USAGE);
        }
        out.flush();
        return 0;
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
