package org.mbrl4j.cli;

import org.mbrl4j.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code mbrl} command line (the {@code ./mbrl} launcher runs it). Exit codes: 0 success,
 * 1 internal error (with a stack trace: a bug), 2 invalid arguments or config (a clean message).
 */
@Command(
        name = "mbrl",
        mixinStandardHelpOptions = false,
        subcommands = {InfoCommand.class, ConfigCommand.class, BenchCommand.class, TrainCommand.class, EvalCommand.class,
                PlotCommand.class, CommandLine.HelpCommand.class},
        header = "mbrl4j: model-based RL (TD-MPC2) in Java, with CUDA kernels.",
        description = {"", "Each command answers -h or --help with its own usage, description and examples.", ""},
        footer = {"", "Examples:", "  mbrl info", "  mbrl config my.yaml batch_size=128 multi_gamma.gammas=[0.99,0.97]",
                "  mbrl bench -l", "  mbrl train steps=20000 eval_freq=2000",
                "  mbrl train checkpoint=runs/pendulum/default/seed1/checkpoints/latest.safetensors steps=40000",
                "  mbrl eval runs/pendulum/default/seed1/checkpoints/final.safetensors episodes=20",
                "  mbrl plot curves.png runs/pendulum/default/seed*/eval.csv", "  mbrl train --help",
                "", "Exit codes: 0 success; 2 invalid arguments or config (the message says what to fix);"
                + " 3 training diverged (a loss or gradient norm became NaN or infinite); 1 an internal error"
                + " (a bug: please report it with the trace)."})
public final class Main implements Runnable {
    /** Invalid arguments or config: the message says what to fix. */
    public static final int EXIT_USAGE = 2;
    /** An unexpected failure inside mbrl4j. */
    public static final int EXIT_INTERNAL = 1;

    /** Help text width: the examples' checkpoint paths fit on one line. */
    static final int USAGE_WIDTH = 100;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: choose one of info, config, bench, train, eval, plot");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it with captured output. */
    public static CommandLine commandLine() {
        var cmd = new CommandLine(new Main());
        cmd.getSubcommands().get("bench").setUnmatchedOptionsArePositionalParams(true);
        cmd.setUsageHelpWidth(USAGE_WIDTH);
        cmd.setExecutionExceptionHandler(Main::handleExecutionException);
        return cmd;
    }

    private static int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        var err = cmd.getErr();
        if (e instanceof CliException cli) {
            err.println("mbrl " + cmd.getCommandName() + ": " + cli.getMessage());
            err.flush();
            return cli.exitCode();
        }
        if (e instanceof ConfigException config) {
            err.println(config.getMessage());
            err.println("Run 'mbrl config' to list every key with its value and source.");
            err.flush();
            return EXIT_USAGE;
        }
        err.println("mbrl " + cmd.getCommandName() + ": internal error (please report it with this trace)");
        e.printStackTrace(err);
        err.flush();
        return EXIT_INTERNAL;
    }
}
