package org.mbrl4j.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One or more configuration problems found at load, all reported together. Each problem names the key,
 * the value and the rule it breaks ({@code rho=1.5: must be in (0, 1]}), so the message alone says how
 * to fix the run.
 */
public final class ConfigException extends RuntimeException {
    private final List<Problem> problems;

    /** One problem; {@code key} is null for problems that concern no single key (a missing file). */
    public record Problem(String key, String message) {
        @Override
        public String toString() {
            return message;
        }
    }

    public ConfigException(List<Problem> problems) {
        super(render(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public static ConfigException of(String key, String message) {
        return new ConfigException(List.of(new Problem(key, message)));
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String render(List<Problem> problems) {
        String header = problems.size() == 1 ? "1 config error:" : problems.size() + " config errors:";
        return problems.stream().map(p -> "  - " + p.message()).collect(Collectors.joining("\n", header + "\n", ""));
    }
}
