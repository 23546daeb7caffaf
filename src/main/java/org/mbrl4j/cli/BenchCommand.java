package org.mbrl4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code mbrl bench [JMH args...]}: runs JMH in this JVM with the arguments unchanged; forks inherit
 * the launcher's JVM flags. {@code -h}/{@code --help} show this command's help; JMH's own help is
 * {@code mbrl bench -- -h} (after {@code --} every argument goes to JMH). JMH reports its own argument
 * errors and exits with 1.
 */
@Command(
        name = "bench",
        header = "Run JMH benchmarks (src/jmh/java) in this JVM, with JMH's own arguments.",
        description = {"",
                "Every argument goes to JMH unchanged (org.openjdk.jmh.Main): a regexp selects benchmarks, JMH's"
                + " options set forks, warmup and measurement. Forks inherit the launcher's JVM flags. JMH's own"
                + " help lists its options: mbrl bench -- -h (after '--' every argument goes to JMH, -h included).",
                ""},
        footer = {"", "Examples:",
                "  mbrl bench -l                       list the benchmarks",
                "  mbrl bench Planner -f 1 -wi 3 -i 5  run those matching 'Planner': 1 fork, 3 warmup, 5 measured",
                "  mbrl bench -- -h                    JMH's own help"})
final class BenchCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "JMH_ARG", arity = "0..*", description = "Passed to org.openjdk.jmh.Main.")
    List<String> jmhArgs = new ArrayList<>();

    /** Written by JMH's annotation processor when src/jmh/java has benchmarks. */
    static final String BENCHMARK_LIST = "/META-INF/BenchmarkList";
    /** JMH options that need no benchmark list. */
    private static final Set<String> INFO_OPTIONS = Set.of("-h", "-lprof", "-lrf");

    @Override
    public Integer call() throws Exception {
        if (BenchCommand.class.getResource(BENCHMARK_LIST) == null && jmhArgs.stream().noneMatch(INFO_OPTIONS::contains)) {
            throw new CliException("no JMH benchmarks in this build (" + BENCHMARK_LIST.substring(1) + " is missing):"
                    + " benchmarks live in src/jmh/java; rebuild with ./mbrl (or mvn -DskipTests package) after adding them",
                    Main.EXIT_INTERNAL);
        }
        org.openjdk.jmh.Main.main(jmhArgs.toArray(String[]::new));
        return 0;
    }
}
