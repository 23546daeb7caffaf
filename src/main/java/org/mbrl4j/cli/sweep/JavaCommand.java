package org.mbrl4j.cli.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How a sweep starts the mbrl CLI again (each run, the Slurm table job): the java and class path of this JVM
 * with the launcher's JVM flags, so a run uses exactly the build that launched the sweep. The threads option
 * is left to the script ({@code -Dmbrl.cpu.threads}).
 *
 * @param java      the java executable
 * @param classPath the class path, absolute
 */
record JavaCommand(Path java, String classPath) {
    /** The JVM flags of ./mbrl and of the test JVM (pom.xml mbrl.jvm.flags). */
    static final List<String> JVM_FLAGS = List.of("--add-modules", "jdk.incubator.vector",
            "--enable-native-access=ALL-UNNAMED");
    static final String MAIN = "org.mbrl4j.cli.Main";

    static JavaCommand current() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String cp = String.join(":", Arrays.stream(System.getProperty("java.class.path").split(":"))
                .filter(s -> !s.isEmpty()).map(s -> s.endsWith("*") ? Path.of(s.substring(0, s.length() - 1))
                        .toAbsolutePath() + "/*" : Path.of(s).toAbsolutePath().toString()).toList());
        return new JavaCommand(java, cp);
    }

    /** java, the flags, {@code extra}, -cp, the main class: the words before the CLI's arguments. */
    List<String> words(List<String> extra) {
        var out = new ArrayList<>(head());
        out.addAll(extra);
        out.addAll(tail());
        return out;
    }

    /** java and the launcher's flags. */
    List<String> head() {
        var out = new ArrayList<String>();
        out.add(java.toString());
        out.addAll(JVM_FLAGS);
        return out;
    }

    /** -cp, the class path, the main class. */
    List<String> tail() {
        return List.of("-cp", classPath, MAIN);
    }
}
