package org.mbrl4j.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.config.LoadedConfig;
import org.mbrl4j.config.TrainerKind;
import org.mbrl4j.train.Checkpoint;
import org.mbrl4j.train.OfflineTrainer;
import org.mbrl4j.train.OnlineTrainer;
import org.mbrl4j.train.TrainException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mbrl train [FILE] [key=value...]}: online training of the {@code algorithm} ({@link OnlineTrainer}), or
 * with {@code trainer=offline dataset=PATH} the update loop over a dataset ({@link OfflineTrainer}).
 * With {@code checkpoint=PATH} the run resumes: its config is the checkpoint's, changed by the
 * overrides (architecture keys excepted). On the CPU backend a fresh run with {@code model_size} unset
 * gets the {@code cpu} preset for the size keys nobody set ({@link TrainSetup#forDevice}).
 */
@Command(
        name = "train",
        header = "Train an agent online (TD-MPC2) and write its logs, eval curve and checkpoints.",
        description = {"",
                "Logs (train.csv, eval.csv, planner.jsonl), the eval curve (eval.png) and checkpoints go to"
                + " <work_dir>/<task>/<exp_name>/seed<seed>/. The config is configs/default.yaml (embedded),"
                + " then FILE, then the key=value overrides; 'mbrl config' with the same arguments shows it."
                + " With checkpoint=PATH the run resumes: the config is the checkpoint's, changed by the"
                + " overrides (the architecture keys cannot change).",
                "",
                "On the CPU backend with model_size unset, the 'cpu' preset sizes the keys that no file or"
                + " override sets (a model small enough to train without a GPU); model_size=null turns it off.",
                ""},
        footer = {"", "Examples:",
                "  mbrl train steps=20000 eval_freq=2000",
                "  mbrl train my.yaml seed=2 exp_name=seed-sweep",
                "  mbrl train device=cpu mlp_dim=256",
                "  mbrl train trainer=offline dataset=pendulum-20k.safetensors exp_name=offline",
                "  mbrl train checkpoint=runs/pendulum/default/seed1/checkpoints/latest.safetensors steps=40000"},
        sortOptions = false)
final class TrainCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "FILE|KEY=VALUE", arity = "0..*", description = "A YAML config file and/or overrides.")
    List<String> args = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        var arguments = RunArguments.parse(args);
        try {
            TrainSetup setup = TrainSetup.read(arguments, out);
            LoadedConfig loaded = setup.loaded();
            Optional<Checkpoint> resume = setup.resume();
            Backend backend = BackendChoice.create(loaded.config().execution(), out);
            try (backend) {
                loaded = setup.forDevice(backend.device(), out);
                out.flush();
                boolean terminal = System.console() != null && System.console().isTerminal();
                var options = OnlineTrainer.Options.of(out, terminal);
                if (loaded.config().trainer().trainer() == TrainerKind.OFFLINE) {
                    try (var trainer = new OfflineTrainer(loaded, backend, resume, options)) {
                        trainer.run();
                    }
                } else {
                    try (var trainer = new OnlineTrainer(loaded, backend, resume, options)) {
                        trainer.run();
                    }
                }
            }
        } catch (TrainException e) {
            throw new CliException(e.getMessage(), Main.EXIT_USAGE);
        }
        return 0;
    }
}
