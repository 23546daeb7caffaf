package org.mbrl4j.cli.sweep;

import java.util.List;
import java.util.stream.Collectors;

/** Quoting for the bash scripts a sweep writes. */
final class Shell {
    private Shell() {}

    /** {@code text} in single quotes, safe as one bash word. */
    static String quote(String text) {
        if (text.matches("[A-Za-z0-9_./:=@%+,-]+")) {
            return text;
        }
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** The words quoted and joined by spaces. */
    static String words(List<String> words) {
        return words.stream().map(Shell::quote).collect(Collectors.joining(" "));
    }
}
