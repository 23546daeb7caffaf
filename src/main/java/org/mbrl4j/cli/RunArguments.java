package org.mbrl4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mbrl4j.config.ConfigException;
import org.mbrl4j.config.ConfigSchema;

/**
 * Splits {@code [FILE] [key=value...]} as Hydra users type it: arguments with '=' are overrides, at most
 * one other argument is the config file.
 */
record RunArguments(Optional<Path> file, List<String> overrides) {
    RunArguments {
        overrides = List.copyOf(overrides);
    }

    static RunArguments parse(List<String> args) {
        Path file = null;
        var overrides = new ArrayList<String>();
        for (String arg : args) {
            if (arg.contains("=")) {
                overrides.add(arg);
            } else if (file == null) {
                file = Path.of(arg);
                if (!Files.exists(file) && ConfigSchema.key(arg).isPresent()) {
                    throw ConfigException.of(arg, "'" + arg + "' is a key, not a config file: write " + arg + "=VALUE");
                }
            } else {
                throw ConfigException.of(null, "'" + arg + "': only one config file is allowed (already '" + file
                        + "'); overrides are key=value");
            }
        }
        return new RunArguments(Optional.ofNullable(file), overrides);
    }
}
