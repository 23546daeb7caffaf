package org.mbrl4j.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A config value chosen from a fixed set (an enum), spelled in YAML by {@link #yamlName()}. Jackson
 * reads and writes the enum through that name.
 */
public interface Choice {
    @JsonValue
    String yamlName();

    /** The constant whose YAML name equals {@code text} ignoring case. */
    static <E extends Enum<E> & Choice> Optional<E> parse(Class<E> type, String text) {
        return Arrays.stream(type.getEnumConstants()).filter(c -> c.yamlName().equalsIgnoreCase(text)).findFirst();
    }

    /** {@code auto|cpu|cuda}. */
    static String allowed(Class<?> type) {
        return Arrays.stream(type.getEnumConstants()).map(c -> ((Choice) c).yamlName()).collect(Collectors.joining("|"));
    }
}
