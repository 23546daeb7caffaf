package org.mbrl4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code mbrl bench [JMH args...]}: runs JMH in this JVM with the arguments unchanged; forks inherit
 * the launcher's JVM flags. JMH reports its own argument errors and exits with 1.
 */
@Command(
        name = "bench",
        description = {"Run JMH benchmarks in this JVM with JMH's own arguments, e.g.",
                "  mbrl bench -l                      list benchmarks",
                "  mbrl bench Planner -f 1 -wi 3 -i 5  run those matching 'Planner'",
                "  mbrl bench -h                      JMH's own help"})
final class BenchCommand implements Callable<Integer> {
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
