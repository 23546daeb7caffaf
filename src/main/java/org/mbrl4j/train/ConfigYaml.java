package org.mbrl4j.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mbrl4j.config.ConfigSchema;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.config.Values;

/**
 * A resolved config as YAML that {@code Config.load} reads back to an equal config: every key in
 * schema order, flat keys first-level and nested blocks ({@code multi_gamma:}) indented; numbers as
 * the resolved table prints them ({@code 3e-4}), strings JSON-quoted (a valid YAML scalar for any
 * text), null as {@code null}. Written to {@code config.yaml} in the run directory and into every
 * checkpoint's metadata.
 */
public final class ConfigYaml {
    private ConfigYaml() {}

    public static String render(MbrlConfig config, String headerComment) {
        var sb = new StringBuilder();
        headerComment.lines().forEach(l -> sb.append("# ").append(l).append('\n'));
        Map<String, StringBuilder> blocks = new LinkedHashMap<>();
        for (ConfigSchema.Key key : ConfigSchema.keys()) {
            String block = key.group().block();
            String line = key.property() + ": " + value(key, config) + "\n";
            if (block == null) {
                sb.append(line);
            } else {
                blocks.computeIfAbsent(block, b -> new StringBuilder()).append("  ").append(line);
            }
        }
        blocks.forEach((block, body) -> sb.append(block).append(":\n").append(body));
        return sb.toString();
    }

    private static String value(ConfigSchema.Key key, MbrlConfig config) {
        Object v = key.valueIn(config);
        if (v != null && key.kind() == ConfigSchema.Kind.STRING) {
            try {
                return JsonlLog.JSON.writeValueAsString(v);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot quote " + key.name(), e);
            }
        }
        return Values.format(v);
    }
}
