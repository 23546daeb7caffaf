package org.mbrl4j.config;

import java.util.List;
import java.util.stream.Collectors;

/** Formats config values the way a user would type them in YAML ({@code 3e-4}, {@code [0.99, 0.97]}, {@code null}). */
public final class Values {
    private Values() {}

    public static String format(Object value) {
        return switch (value) {
            case null -> "null";
            case Choice c -> c.yamlName();
            case Double d -> formatDouble(d);
            case Float f -> formatDouble(f);
            case List<?> list -> list.stream().map(Values::format).collect(Collectors.joining(", ", "[", "]"));
            default -> value.toString();
        };
    }

    /** Shortest round-trip form with a lowercase exponent: 3e-4, 0.995, 20.0, 1e10. */
    static String formatDouble(double d) {
        return Double.toString(d).replace(".0E", "E").replace('E', 'e');
    }
}
