package org.mbrl4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.config.LoadedConfig;
import org.mbrl4j.config.ResolvedTable;
import org.mbrl4j.train.CheckpointConfig;
import org.mbrl4j.train.TrainEnvs;
import org.mbrl4j.train.TrainException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mbrl config [FILE] [key=value...]}: the config that {@code mbrl train} with the same arguments
 * runs, resolved as train resolves it ({@link TrainSetup}: the checkpoint's config when resuming, the
 * backend chosen by {@code device}, the automatic model size), with the task and the values derived
 * from its env checked; or every error with exit code 2.
 */
@Command(
        name = "config",
        header = "Print the config that 'mbrl train' with the same arguments runs, or all its errors (exit code 2).",
        description = {"",
                "Resolves the config exactly as train does: configs/default.yaml (embedded), then FILE, then the"
                + " key=value overrides (or, with checkpoint=PATH, the checkpoint's config changed by the"
                + " overrides); then picks the backend from device= (auto: CUDA when it starts, else the CPU) and"
                + " applies the automatic model size of that backend. Prints the backend line, the preset line"
                + " and a table of every key with its value and source (default, file, override, preset). The"
                + " task is checked against the registered envs, as train checks it.",
                ""},
        footer = {"", "Examples:",
                "  mbrl config",
                "  mbrl config my.yaml batch_size=128 multi_gamma.enabled=true multi_gamma.gammas=[0.99,0.97]",
                "  mbrl config device=cpu mlp_dim=256",
                "  mbrl config checkpoint=runs/pendulum/default/seed1/checkpoints/final.safetensors steps=40000"})
final class ConfigCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "FILE|KEY=VALUE", arity = "0..*", description = "A YAML config file and/or overrides.")
    List<String> args = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var arguments = RunArguments.parse(args);
        LoadedConfig loaded;
        try {
            TrainSetup setup = TrainSetup.read(arguments, out);
            setup.resume().ifPresent(ck -> CheckpointConfig.requireSameArchitecture(ck, setup.saved().orElseThrow(),
                    setup.loaded().config()));
            try (Backend backend = BackendChoice.create(setup.loaded().config().execution(), out)) {
                loaded = setup.forDevice(backend.device(), out);
            }
        } catch (TrainException e) {
            throw new CliException(e.getMessage(), Main.EXIT_USAGE);
        }
        RunSpec.of(loaded.config().run(), TrainEnvs.make(loaded.config().run()).spec());
        out.print(ResolvedTable.render(loaded));
        out.flush();
        var err = spec.commandLine().getErr();
        loaded.warnings().forEach(w -> err.println("warning: " + w));
        err.flush();
        return 0;
    }
}
