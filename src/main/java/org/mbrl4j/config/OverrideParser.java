package org.mbrl4j.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.regex.Pattern;

/**
 * Parses one command-line override as Hydra users type it: {@code batch_size=128},
 * {@code multi_gamma.enabled=true}, {@code multi_gamma.gammas=[0.99,0.97]}. The value is read as YAML
 * (a scalar or a flow sequence); an empty value is the empty string and {@code null} unsets a key.
 */
final class OverrideParser {
    private OverrideParser() {}

    /** A parsed override. */
    record Override(String key, JsonNode value) {}

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    static Override parse(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw ConfigException.of(null, "'" + text + "' is not an override: write key=value, e.g. batch_size=128");
        }
        String key = text.substring(0, eq).strip();
        String raw = text.substring(eq + 1);
        if (!KEY.matcher(key).matches()) {
            throw ConfigException.of(null, "'" + text + "': '" + key + "' is not a key name (letters, digits, '_', nested with '.')");
        }
        if (raw.isBlank()) {
            return new Override(key, TextNode.valueOf(""));
        }
        try {
            return new Override(key, Yaml.MAPPER.readTree(raw));
        } catch (JsonProcessingException e) {
            throw ConfigException.of(key, key + "=" + raw + ": not a YAML value (" + Yaml.describe(e) + ")");
        }
    }
}
