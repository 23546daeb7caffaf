package org.mbrl4j.config;

import java.util.List;

/**
 * The resolved config as a boxed table (llm.c style), printed at the start of a run:
 * <pre>
 * +------------+----------+---------+
 * | key        | value    | source  |
 * +------------+----------+---------+
 * | batch_size | 128      | override|
 * </pre>
 */
public final class ResolvedTable {
    private ResolvedTable() {}

    public static String render(LoadedConfig loaded) {
        var sb = new StringBuilder();
        sb.append("config: ").append(Config.DEFAULT_RESOURCE.substring(1)).append(" (embedded)");
        loaded.file().ifPresent(f -> sb.append(" + ").append(f));
        if (!loaded.overrides().isEmpty()) {
            sb.append(" + ").append(loaded.overrides().size())
                    .append(loaded.overrides().size() == 1 ? " override" : " overrides");
        }
        sb.append('\n');
        List<LoadedConfig.Entry> rows = loaded.entries();
        int keyWidth = Math.max("key".length(), rows.stream().mapToInt(e -> e.key().length()).max().orElse(0));
        int valueWidth = Math.max("value".length(), rows.stream().mapToInt(e -> e.value().length()).max().orElse(0));
        int sourceWidth = "override".length();
        String rule = "+" + "-".repeat(keyWidth + 2) + "+" + "-".repeat(valueWidth + 2) + "+" + "-".repeat(sourceWidth + 2) + "+\n";
        String format = "| %-" + keyWidth + "s | %-" + valueWidth + "s | %-" + sourceWidth + "s |\n";
        sb.append(rule).append(String.format(format, "key", "value", "source")).append(rule);
        for (var e : rows) {
            sb.append(String.format(format, e.key(), e.value(), e.source().label()));
        }
        return sb.append(rule).toString();
    }
}
