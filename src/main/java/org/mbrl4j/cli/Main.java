package org.mbrl4j.cli;

import java.io.IOException;
import org.mbrl4j.agent.DivergedException;
import org.mbrl4j.cli.sweep.SweepCommand;
import org.mbrl4j.config.ConfigException;
import org.mbrl4j.train.IoReason;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code mbrl} command line (the {@code ./mbrl} launcher runs it). Exit codes:
 * <ul>
 *   <li>0: success.</li>
 *   <li>{@value #EXIT_USAGE}: bad input, with a message saying what to fix: arguments, config keys and values, a file or
 *       directory that cannot be read or written (with the system's reason), a checkpoint refused.</li>
 *   <li>{@value #EXIT_DIVERGED}: training diverged: a loss, gradient norm or action was NaN or infinite; the
 *       message names the step, the value and the keys to change, after the last good checkpoint is
 *       written.</li>
 *   <li>{@value #EXIT_INTERNAL}: an internal error, with a stack trace: a bug in mbrl4j, please report it.</li>
 * </ul>
 */
@Command(
        name = "mbrl",
        mixinStandardHelpOptions = false,
        subcommands = {InfoCommand.class, ConfigCommand.class, BenchCommand.class, TrainCommand.class, EvalCommand.class,
                ExportBufferCommand.class, PlotCommand.class, SweepCommand.class, CommandLine.HelpCommand.class},
        header = "mbrl4j: model-based RL (TD-MPC2) in Java, with CUDA kernels.",
        description = {"", "Each command answers -h or --help with its own usage, description and examples.", ""},
        footer = {"", "Examples:", "  mbrl info", "  mbrl config my.yaml batch_size=128 multi_gamma.gammas=[0.99,0.97]",
                "  mbrl bench -l", "  mbrl train steps=20000 eval_freq=2000",
                "  mbrl train checkpoint=runs/pendulum/default/seed1/checkpoints/latest.safetensors steps=40000",
                "  mbrl eval runs/pendulum/default/seed1/checkpoints/final.safetensors episodes=20",
                "  mbrl export-buffer runs/pendulum/default/seed1/checkpoints/final.safetensors data.safetensors",
                "  mbrl train trainer=offline dataset=data.safetensors",
                "  mbrl plot curves.png runs/pendulum/default/seed*/eval.csv",
                "  mbrl sweep configs/sweeps/multi-gamma-ablation.yaml --dry-run", "  mbrl train --help", "",
                "Exit codes:", "  0  ok",
                "  2  bad input: arguments, config, an unusable file or directory, a refused",
                "     checkpoint (the message says what to fix)",
                "  3  training diverged: a NaN or infinite loss, gradient norm or action (the",
                "     message names the step, the value and the keys to change)",
                "  1  internal error: a bug in mbrl4j, please report it with the trace"})
public final class Main implements Runnable {
    /** Bad input (arguments, config, an unusable file or directory, a refused checkpoint): the message says what to fix. */
    public static final int EXIT_USAGE = 2;
    /** Training diverged: the message names the step, the value and the keys to change. */
    public static final int EXIT_DIVERGED = 3;
    /** An unexpected failure inside mbrl4j: a bug. */
    public static final int EXIT_INTERNAL = 1;

    /** Help text width: the examples' checkpoint paths fit on one line. */
    static final int USAGE_WIDTH = 100;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: choose one of info, config, bench, train, eval, export-buffer, plot, sweep");
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
        if (e instanceof DivergedException diverged) {
            err.println("mbrl " + cmd.getCommandName() + ": " + diverged.getMessage());
            err.flush();
            return EXIT_DIVERGED;
        }
        if (e instanceof IOException io) {
            err.println("mbrl " + cmd.getCommandName() + ": I/O error: " + IoReason.of(io));
            err.flush();
            return EXIT_USAGE;
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
