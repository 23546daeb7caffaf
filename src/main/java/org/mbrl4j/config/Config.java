package org.mbrl4j.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads an {@link MbrlConfig}: the embedded {@value #DEFAULT_RESOURCE}, then a YAML file's keys, then
 * {@code key=value} overrides; checks every value's type and every record's rules, reports all
 * problems in one {@link ConfigException}, and applies the model-size preset ({@link ModelSize#apply}).
 */
public final class Config {
    private Config() {}

    /** Classpath location of the defaults; the repo's {@code configs/default.yaml}, packaged into the jar. */
    public static final String DEFAULT_RESOURCE = "/configs/default.yaml";

    public static LoadedConfig load(Optional<Path> file, List<String> overrides) {
        var problems = new ArrayList<ConfigException.Problem>();
        var layers = new ConfigLayers(problems);
        layers.addDocument(defaults(), Source.DEFAULT, DEFAULT_RESOURCE);
        requireComplete(layers, problems);
        Map<String, JsonNode> defaultValues = new HashMap<>();
        layers.values().forEach((key, layered) -> defaultValues.put(key, layered.node()));
        file.ifPresent(f -> layers.addDocument(readFile(f, problems), Source.FILE, f.toString()));
        for (String text : overrides) {
            try {
                var override = OverrideParser.parse(text);
                layers.add(override.key(), override.value(), Source.OVERRIDE, ConfigLayers.COMMAND_LINE);
            } catch (ConfigException e) {
                e.problems().forEach(p -> problems.add(
                        new ConfigException.Problem(p.key(), p.message() + ConfigLayers.where(ConfigLayers.COMMAND_LINE))));
            }
        }
        Map<String, Source> sources = new HashMap<>();
        layers.values().forEach((key, layered) -> sources.put(key, layered.source()));
        String fileName = file.map(Path::toString).orElse("");
        MbrlConfig bound = new ConfigBinder(defaultValues, sources, fileName, problems).bind(layers.values());
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return resolve(bound, sources, file, overrides);
    }

    /** The embedded defaults alone. */
    public static LoadedConfig loadDefault() {
        return load(Optional.empty(), List.of());
    }

    private static JsonNode defaults() {
        try (InputStream in = Config.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the classpath: rebuild the jar"
                        + " (./mbrl rebuilds it; or mvn -DskipTests package)");
            }
            return Yaml.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the embedded " + DEFAULT_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** The defaults must name every key and nothing else: a gap is a packaging bug, not a user error. */
    private static void requireComplete(ConfigLayers layers, List<ConfigException.Problem> problems) {
        var missing = ConfigSchema.keys().stream().map(ConfigSchema.Key::name)
                .filter(k -> !layers.values().containsKey(k)).toList();
        if (!problems.isEmpty() || !missing.isEmpty()) {
            throw new IllegalStateException(DEFAULT_RESOURCE + " does not match the config records: missing "
                    + missing + ", problems " + problems);
        }
    }

    private static JsonNode readFile(Path file, List<ConfigException.Problem> problems) {
        if (!Files.isRegularFile(file)) {
            problems.add(new ConfigException.Problem(null, "config file '" + file + "' not found (looked at "
                    + file.toAbsolutePath().normalize() + ")"));
            return null;
        }
        try {
            return Yaml.MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            problems.add(new ConfigException.Problem(null, file + ": invalid YAML at " + Yaml.describe(e)));
        } catch (IOException e) {
            problems.add(new ConfigException.Problem(null, "cannot read config file '" + file + "': " + e.getMessage()));
        }
        return null;
    }

    /** Applies the preset and builds the resolved table rows and warnings. */
    private static LoadedConfig resolve(MbrlConfig bound, Map<String, Source> sources, Optional<Path> file,
                                        List<String> overrides) {
        MbrlConfig config = ModelSize.apply(bound);
        var warnings = new ArrayList<String>();
        ModelSize size = config.tdmpc2().model().modelSize();
        if (size != null) {
            for (String name : size.presetKeys()) {
                var key = ConfigSchema.key(name).orElseThrow();
                Object before = key.valueIn(bound);
                Object after = key.valueIn(config);
                Source was = sources.get(name);
                if ((was == Source.FILE || was == Source.OVERRIDE) && !before.equals(after)) {
                    warnings.add(name + "=" + Values.format(before) + " (" + was.label()
                            + ") is replaced by the model_size=" + size.yamlName() + " preset value " + Values.format(after)
                            + "; set model_size=null to use explicit sizes");
                }
                sources.put(name, Source.PRESET);
            }
        }
        warnings.addAll(config.tdmpc2().multiGamma().warnings());
        var entries = ConfigSchema.keys().stream()
                .map(k -> new LoadedConfig.Entry(k.name(), Values.format(k.valueIn(config)), sources.get(k.name())))
                .toList();
        return new LoadedConfig(config, entries, warnings, file, overrides);
    }
}
