package org.mbrl4j.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.config.Config;
import org.mbrl4j.config.LoadedConfig;
import org.mbrl4j.config.Source;
import org.mbrl4j.tensor.Device;
import org.mbrl4j.train.Checkpoint;
import org.mbrl4j.train.CheckpointConfig;
import org.mbrl4j.train.OnlineTrainer;
import org.mbrl4j.train.TrainException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mbrl train [FILE] [key=value...]}: online training of the {@code algorithm} ({@link OnlineTrainer}).
 * With {@code checkpoint=PATH} the run resumes: its config is the checkpoint's, changed by the
 * overrides (architecture keys excepted). On the CPU backend an unset {@code model_size} means the
 * {@code cpu} preset (a fresh run only: a resumed run keeps the checkpoint's sizes).
 */
@Command(
        name = "train",
        description = {"Train an agent online (algorithm=tdmpc2); logs, eval curve and checkpoints go to",
                "<work_dir>/<task>/<exp_name>/seed<seed>/. Layers: configs/default.yaml (embedded), then FILE,",
                "then key=value overrides. Resume with checkpoint=PATH (config from the checkpoint, plus overrides)."})
final class TrainCommand implements Callable<Integer> {
    /** The model size used on the CPU backend when the user did not choose one. */
    static final String CPU_MODEL_SIZE = "cpu";

    @Parameters(paramLabel = "FILE|KEY=VALUE", arity = "0..*", description = "A YAML config file and/or overrides.")
    List<String> args = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        var arguments = RunArguments.parse(args);
        LoadedConfig loaded = Config.load(arguments.file(), arguments.overrides());
        Optional<Checkpoint> resume = Optional.empty();
        try {
            if (loaded.config().run().checkpoint() != null) {
                if (arguments.file().isPresent()) {
                    throw new CliException("a config file and checkpoint=... cannot be combined: a resumed run uses the"
                            + " checkpoint's config; change keys with key=value overrides", Main.EXIT_USAGE);
                }
                Checkpoint ck = Checkpoint.read(loaded.config().run().checkpointPath().orElseThrow());
                var saved = CheckpointConfig.load(ck, List.of()).config();
                loaded = CheckpointConfig.load(ck, arguments.overrides());
                out.println("config: from checkpoint " + ck.path() + " (written at git " + ck.gitRevision() + ")");
                CheckpointConfig.otherChanges(saved, loaded.config()).forEach(c -> out.println("  changed: " + c));
                resume = Optional.of(ck);
            }
            Backend backend = BackendChoice.create(loaded.config().execution(), out);
            try (backend) {
                if (backend.device() == Device.CPU && resume.isEmpty() && loaded.sourceOf("model_size") == Source.DEFAULT
                        && loaded.config().tdmpc2().model().modelSize() == null) {
                    var overrides = new ArrayList<>(arguments.overrides());
                    overrides.add("model_size=" + CPU_MODEL_SIZE);
                    loaded = Config.load(arguments.file(), overrides);
                    out.println("model_size: not set, and training runs on the CPU backend: using the '"
                            + CPU_MODEL_SIZE + "' preset (set model_size=null for the explicit sizes, or any preset)");
                }
                out.flush();
                boolean terminal = System.console() != null && System.console().isTerminal();
                try (var trainer = new OnlineTrainer(loaded, backend, resume, OnlineTrainer.Options.of(out, terminal))) {
                    trainer.run();
                }
            }
        } catch (TrainException e) {
            throw new CliException(e.getMessage(), Main.EXIT_USAGE);
        }
        return 0;
    }
}
