package org.mbrl4j.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw values of every key, layered: defaults, then the file, then the overrides. Nested blocks are
 * flattened to dotted keys ({@code multi_gamma.gammas}); a later layer replaces a key's value whole
 * (lists are not merged). Unknown keys become problems.
 */
final class ConfigLayers {
    /** A raw value and the layer that set it. */
    record Layered(JsonNode node, Source source) {}

    /** Origin named in messages about overrides. */
    static final String COMMAND_LINE = "command line";

    private final Map<String, Layered> values = new LinkedHashMap<>();
    private final List<ConfigException.Problem> problems;

    ConfigLayers(List<ConfigException.Problem> problems) {
        this.problems = problems;
    }

    /** Adds a YAML document's top-level mapping; {@code origin} names it in messages. */
    void addDocument(JsonNode root, Source source, String origin) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            problems.add(new ConfigException.Problem(null,
                    origin + ": expected a mapping of 'key: value' lines at the top level"));
            return;
        }
        root.properties().forEach(e -> add(e.getKey(), e.getValue(), source, origin));
    }

    /** Adds one key; a block name with a mapping value adds each of its entries. */
    void add(String key, JsonNode value, Source source, String origin) {
        if (ConfigSchema.isBlock(key)) {
            addBlock(key, value, source, origin);
        } else if (ConfigSchema.key(key).isPresent()) {
            values.put(key, new Layered(value, source));
        } else if (RemovedKeys.message(key, value).isPresent()) {
            problems.add(new ConfigException.Problem(key,
                    RemovedKeys.message(key, value).orElseThrow() + where(origin)));
        } else {
            problems.add(new ConfigException.Problem(key, KeySuggester.unknownKeyMessage(key) + where(origin)));
        }
    }

    private void addBlock(String block, JsonNode value, Source source, String origin) {
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isObject()) {
            problems.add(new ConfigException.Problem(block, block + "=" + ValueReader.describe(value)
                    + ": expected a block of keys, e.g. " + block + ".enabled=true or '" + block + ": {enabled: true}'"
                    + where(origin)));
            return;
        }
        value.properties().forEach(e -> add(block + "." + e.getKey(), e.getValue(), source, origin));
    }

    Map<String, Layered> values() {
        return values;
    }

    static String where(String origin) {
        return " [" + origin + "]";
    }
}
