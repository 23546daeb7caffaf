package org.mbrl4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mbrl4j.config.Config;
import org.mbrl4j.config.LoadedConfig;
import org.mbrl4j.config.ResolvedTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mbrl config [FILE] [key=value...]}: the resolved table, or every validation error with exit code 2. */
@Command(
        name = "config",
        description = {"Print the resolved config, or all its errors (exit code 2).",
                "Layers: configs/default.yaml (embedded), then FILE, then key=value overrides",
                "such as batch_size=128 multi_gamma.enabled=true multi_gamma.gammas=[0.99,0.97]"})
final class ConfigCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE|KEY=VALUE", arity = "0..*", description = "A YAML config file and/or overrides.")
    List<String> args = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var arguments = RunArguments.parse(args);
        LoadedConfig loaded = Config.load(arguments.file(), arguments.overrides());
        var out = spec.commandLine().getOut();
        out.print(ResolvedTable.render(loaded));
        out.flush();
        var err = spec.commandLine().getErr();
        loaded.warnings().forEach(w -> err.println("warning: " + w));
        err.flush();
        return 0;
    }
}
