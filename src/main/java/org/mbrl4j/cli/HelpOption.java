package org.mbrl4j.cli;

import picocli.CommandLine.Option;

/** {@code -h} and {@code --help} for a subcommand: its usage, description and examples, exit code 0. */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
