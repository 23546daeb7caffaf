package org.mbrl4j.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Explains an unknown key: the nearest valid key by edit distance, or why a reference key is absent.
 * A command that takes keys of its own besides the config's (eval's {@code episodes}) passes them, so
 * the suggestion comes from every key that command accepts.
 */
public final class KeySuggester {
    private KeySuggester() {}

    /** Names used by the specs or the reference for keys that exist here under another name. */
    private static final Map<String, String> RENAMED = Map.of(
            "std_min", "min_std",
            "std_max", "max_std");

    /** Reference config.yaml keys that mbrl4j does not read (docs/tdmpc2.md#config-defaults). */
    private static final Set<String> REFERENCE_ONLY = Set.of(
            "defaults", "data_dir", "task_dim", "wandb_project", "wandb_entity", "wandb_silent",
            "enable_wandb", "compile", "save_video", "task_title", "multitask", "tasks", "obs_shape",
            "action_dim", "episode_length", "obs_shapes", "action_dims", "episode_lengths",
            "bin_size");

    static String unknownKeyMessage(String key) {
        return unknownKeyMessage(key, List.of());
    }

    /**
     * The message for {@code key} when neither the config nor {@code commandKeys} has it, or empty when
     * one of them does (a block name or a removed key is left to {@link Config#load}, which explains it).
     *
     * @param commandKeys the command's own keys; on a tie in edit distance they are suggested first
     */
    public static Optional<String> unknownKey(String key, Collection<String> commandKeys) {
        if (commandKeys.contains(key) || ConfigSchema.key(key).isPresent() || ConfigSchema.isBlock(key)
                || RemovedKeys.names().contains(key)) {
            return Optional.empty();
        }
        return Optional.of(unknownKeyMessage(key, commandKeys));
    }

    private static String unknownKeyMessage(String key, Collection<String> commandKeys) {
        String base = "unknown key '" + key + "'";
        if (RENAMED.containsKey(key)) {
            return base + " (did you mean '" + RENAMED.get(key) + "'?)";
        }
        if (REFERENCE_ONLY.contains(key)) {
            return base + " (a tdmpc2 reference key that mbrl4j does not use)";
        }
        if (key.equals("multi_gamma.log_interval_steps")) {
            return base + " (replaced, see docs/multi-gamma.md#config: multi-gamma snapshots follow eval_freq)";
        }
        String nearest = ConfigSchema.keys().stream().map(ConfigSchema.Key::name)
                .filter(name -> name.endsWith("." + key)).findFirst().orElseGet(() -> nearest(key, commandKeys));
        return nearest == null
                ? base + " (run 'mbrl config' to list every key)"
                : base + " (did you mean '" + nearest + "'?)";
    }

    /** The closest key within an edit distance of max(2, n/3), n the length of the key's last segment; or null. */
    static String nearest(String key) {
        return nearest(key, List.of());
    }

    private static String nearest(String key, Collection<String> commandKeys) {
        int limit = Math.max(2, (key.length() - key.lastIndexOf('.') - 1) / 3);
        return Stream.concat(commandKeys.stream(), ConfigSchema.keys().stream().map(ConfigSchema.Key::name))
                .map(name -> Map.entry(name, levenshtein(key, name)))
                .filter(e -> e.getValue() <= limit)
                .min(Comparator.comparingInt(Map.Entry<String, Integer>::getValue))
                .map(Map.Entry::getKey)
                .orElse(null);
    }

    static int levenshtein(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
