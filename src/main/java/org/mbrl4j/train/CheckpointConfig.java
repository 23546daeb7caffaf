package org.mbrl4j.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mbrl4j.config.Config;
import org.mbrl4j.config.ConfigException;
import org.mbrl4j.config.ConfigSchema;
import org.mbrl4j.config.LoadedConfig;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.config.ModelConfig;
import org.mbrl4j.config.RemovedKeys;
import org.mbrl4j.config.Values;

/**
 * The config stored in a checkpoint, and the rule for changing it. A resumed run ({@code mbrl train
 * checkpoint=...}) and {@code mbrl eval} start from the checkpoint's config; {@code key=value}
 * overrides may change anything except the <b>architecture keys</b>: every key of the model group
 * except {@code model_size} (whose effect is the sizes themselves), and the keys that decide which
 * tensors exist or what they mean: {@code algorithm}, {@code task}, {@code obs}, {@code frame_stack}, {@code episodic},
 * {@code action_repeat}, {@code planner_num_dynamics_heads} and {@code multi_gamma.enabled|gammas|head}.
 *
 * <p>A stored config names every key of the version that wrote it: keys removed since
 * ({@link RemovedKeys}) are dropped before it loads, and keys added since get the value that
 * reproduces what the checkpoint was trained with ({@link #KEYS_ADDED_LATER}).
 */
public final class CheckpointConfig {
    private CheckpointConfig() {}

    public static final List<String> ARCHITECTURE_KEYS = Stream.concat(
            ConfigSchema.keys().stream()
                    .filter(k -> k.group().type() == ModelConfig.class && !k.name().equals("model_size"))
                    .map(ConfigSchema.Key::name),
            Stream.of("algorithm", "task", "obs", "frame_stack", "episodic", "action_repeat", "planner_num_dynamics_heads",
                    "multi_gamma.enabled", "multi_gamma.gammas", "multi_gamma.head")).toList();

    /**
     * Keys added after checkpoints were first written, with the value that reproduces the behaviour a
     * checkpoint without the key was trained with (its config names every key of its day).
     */
    static final Map<String, String> KEYS_ADDED_LATER = Map.of("planner_warm_start", "copy",
            "algorithm", "tdmpc2", "divergence_loss_limit", "0", "eval_batch", "0",
            "cuda_graphs", "true", "cpu_fast_math", "false");

    /** The stored config text without the keys removed since it was written (top-level lines). */
    static String withoutRemovedKeys(String yaml) {
        String out = yaml;
        for (String key : RemovedKeys.names()) {
            out = out.replaceAll("(?m)^" + Pattern.quote(key) + ":.*(\\R|\\z)", "");
        }
        return out;
    }

    /** The stored config text, plus every later key it lacks with the value of its day. */
    static String withKeysAddedLater(String yaml) {
        var out = new StringBuilder(yaml);
        KEYS_ADDED_LATER.forEach((key, old) -> {
            if (!Pattern.compile("(?m)^" + Pattern.quote(key) + ":").matcher(yaml).find()) {
                out.append(out.isEmpty() || out.charAt(out.length() - 1) == '\n' ? "" : "\n").append(key).append(": ")
                        .append(old).append("   # absent from this checkpoint: the behaviour it was trained with\n");
            }
        });
        return out.toString();
    }

    /**
     * The checkpoint's config with {@code overrides} layered on top (sources: "file" for the
     * checkpoint's values, "override" for the command line).
     *
     * @throws CheckpointException when the stored config does not load in this version
     * @throws ConfigException when an override is invalid
     */
    public static LoadedConfig load(Checkpoint checkpoint, List<String> overrides) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("mbrl-checkpoint-config");
            String stem = checkpoint.path().getFileName().toString().replaceFirst("\\.safetensors$", "");
            Path file = dir.resolve("config-of-" + stem + ".yaml");
            Files.writeString(file, withKeysAddedLater(withoutRemovedKeys(checkpoint.configYaml())),
                    StandardCharsets.UTF_8);
            try {
                Config.load(Optional.of(file), List.of());
            } catch (ConfigException e) {
                throw new CheckpointException(checkpoint.path(), "its stored config does not load in this version of"
                        + " mbrl4j:\n" + e.getMessage());
            }
            return Config.load(Optional.of(file), overrides);
        } catch (IOException e) {
            throw new CheckpointException(checkpoint.path(), "cannot stage its config in a temp file: " + e.getMessage());
        } finally {
            deleteQuietly(dir);
        }
    }

    /** {@code key: <saved> in the checkpoint, <current> now} for each architecture key that differs. */
    public static List<String> architectureMismatches(MbrlConfig saved, MbrlConfig current) {
        return differences(saved, current, true);
    }

    /** {@code key: <saved> → <current>} for each other key that differs (informational). */
    public static List<String> otherChanges(MbrlConfig saved, MbrlConfig current) {
        return differences(saved, current, false);
    }

    /**
     * @throws CheckpointException naming every architecture key that differs and how to fix it
     */
    public static void requireSameArchitecture(Checkpoint checkpoint, MbrlConfig saved, MbrlConfig current) {
        List<String> mismatches = architectureMismatches(saved, current);
        if (!mismatches.isEmpty()) {
            throw new CheckpointException(checkpoint.path(), "was trained with another architecture; "
                    + String.join("; ", mismatches) + ". Architecture keys (" + String.join(", ", ARCHITECTURE_KEYS)
                    + ") cannot change: drop those overrides, or train a new model");
        }
    }

    private static List<String> differences(MbrlConfig saved, MbrlConfig current, boolean architecture) {
        List<String> out = new ArrayList<>();
        for (ConfigSchema.Key key : ConfigSchema.keys()) {
            if (ARCHITECTURE_KEYS.contains(key.name()) != architecture) {
                continue;
            }
            Object a = key.valueIn(saved);
            Object b = key.valueIn(current);
            if (!Objects.equals(a, b)) {
                out.add(architecture
                        ? key.name() + "=" + Values.format(a) + " in the checkpoint, " + Values.format(b) + " now"
                        : key.name() + ": " + Values.format(a) + " -> " + Values.format(b));
            }
        }
        return out;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a leftover temp file is harmless; the config was already loaded or the error is reported
        }
    }
}
