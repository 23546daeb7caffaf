package org.mbrl4j.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A loaded and validated config with what the start of a run prints: every key's resolved value and
 * source, and the warnings (allowed, but probably not what the user meant).
 *
 * @param config    the config with the model-size preset applied
 * @param entries   one row per key, in schema order
 * @param warnings  messages for the caller to print
 * @param file      the config file layered over the defaults, if any
 * @param overrides the {@code key=value} overrides as given
 */
public record LoadedConfig(
        MbrlConfig config, List<Entry> entries, List<String> warnings, Optional<Path> file, List<String> overrides) {

    /** One resolved key. */
    public record Entry(String key, String value, Source source) {}

    public LoadedConfig {
        entries = List.copyOf(entries);
        warnings = List.copyOf(warnings);
        overrides = List.copyOf(overrides);
    }

    public Source sourceOf(String key) {
        return entries.stream().filter(e -> e.key().equals(key)).findFirst().map(Entry::source)
                .orElseThrow(() -> new IllegalArgumentException("no config key '" + key + "'"));
    }
}
