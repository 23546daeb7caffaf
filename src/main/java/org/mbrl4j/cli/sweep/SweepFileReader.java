package org.mbrl4j.cli.sweep;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a sweep file (schema in docs/sweeps.md) strictly: an unknown key, a wrong type or an empty axis is a
 * {@link SweepException} naming the key path and the value. Config keys and values are checked later, per run,
 * by the config validator ({@link SweepPlan}).
 */
public final class SweepFileReader {
    private SweepFileReader() {}

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    static final Set<String> TOP_KEYS = Set.of("name", "out", "config", "ablations_dir", "overrides", "axes",
            "task_overrides", "launcher", "resources");
    static final Set<String> LAUNCHER_KEYS = Set.of("kind", "parallel", "throttle", "requeue");
    static final Set<String> RESOURCE_KEYS = Set.of("cpus_per_task", "mem", "time", "partition", "gpus", "gres",
            "sbatch_args");
    /** The axis of named ablation files; every other axis is a config key. */
    static final String ABLATION_AXIS = "ablation";
    static final String DEFAULT_ABLATIONS_DIR = "configs/ablations";

    /** Reads and checks {@code file}; relative paths in it are resolved against {@code cwd}. */
    public static SweepFile read(Path file, Path cwd) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new SweepException(file + ": sweep file not found");
        } catch (JsonProcessingException e) {
            throw new SweepException(file + ": not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new SweepException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SweepException(file + ": expected a mapping of keys (" + String.join(", ", sorted(TOP_KEYS))
                    + ") at the top level");
        }
        checkKeys(file, root, "", TOP_KEYS);
        String stem = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        String name = text(file, root, "name").orElse(stem);
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new SweepException(file + ": name: '" + name + "' must be letters, digits, '.', '_' or '-'");
        }
        Path out = cwd.resolve(text(file, root, "out").orElse("sweeps/" + name)).normalize();
        Optional<Path> config = text(file, root, "config").map(p -> cwd.resolve(p).normalize());
        config.filter(p -> !Files.isRegularFile(p)).ifPresent(p -> {
            throw new SweepException(file + ": config: " + p + " is not a file");
        });
        Path ablationsDir = cwd.resolve(text(file, root, "ablations_dir").orElse(DEFAULT_ABLATIONS_DIR)).normalize();
        List<String> overrides = overrides(file, root.get("overrides"), "overrides");

        JsonNode axes = root.get("axes");
        List<String> tasks = List.of();
        List<String> seeds = List.of();
        List<Ablation> ablations = List.of();
        Map<String, List<String>> grid = new LinkedHashMap<>();
        if (axes != null && !axes.isNull()) {
            if (!axes.isObject()) {
                throw new SweepException(file + ": axes: expected a mapping of axis name to values, e.g."
                        + " 'axes: {task: [pendulum], seed: [1, 2]}'");
            }
            for (var e : axes.properties()) {
                String key = e.getKey();
                String where = "axes." + key;
                if (key.equals(ABLATION_AXIS)) {
                    ablations = ablations(file, e.getValue(), ablationsDir);
                } else if (key.equals("task")) {
                    tasks = values(file, e.getValue(), where);
                } else if (key.equals("seed")) {
                    seeds = values(file, e.getValue(), where);
                } else {
                    grid.put(key, values(file, e.getValue(), where));
                }
            }
        }
        if (config.isPresent() && !ablations.isEmpty()) {
            throw new SweepException(file + ": config and axes.ablation cannot be combined: a run takes one config"
                    + " file, here the ablation's; put the base config's keys under overrides:");
        }
        Map<String, List<String>> taskOverrides = new LinkedHashMap<>();
        JsonNode perTask = root.get("task_overrides");
        if (perTask != null && !perTask.isNull()) {
            if (!perTask.isObject()) {
                throw new SweepException(file + ": task_overrides: expected a mapping of task to its overrides,"
                        + " e.g. 'task_overrides: {cartpole-swingup: {action_repeat: 4}}'");
            }
            for (var e : perTask.properties()) {
                if (!tasks.isEmpty() && !tasks.contains(e.getKey())) {
                    throw new SweepException(file + ": task_overrides." + e.getKey() + ": not a task of axes.task "
                            + tasks);
                }
                taskOverrides.put(e.getKey(), overrides(file, e.getValue(), "task_overrides." + e.getKey()));
            }
        }
        return new SweepFile(file, name, out, config, overrides, tasks, seeds, ablations, grid, taskOverrides,
                launcher(file, root.get("launcher")), resources(file, root.get("resources")));
    }

    private static List<Ablation> ablations(Path file, JsonNode node, Path dir) {
        var names = new LinkedHashMap<String, List<String>>();
        if (node != null && node.isArray()) {
            for (String name : values(file, node, "axes.ablation")) {
                names.put(name, List.of());
            }
        } else if (node != null && node.isObject() && !node.isEmpty()) {
            for (var e : node.properties()) {
                names.put(e.getKey(), overrides(file, e.getValue(), "axes.ablation." + e.getKey()));
            }
        } else {
            throw new SweepException(file + ": axes.ablation: " + describe(node) + ": an axis needs at least one"
                    + " value: a list of ablation names, or a mapping of ablation name to its overrides");
        }
        var out = new ArrayList<Ablation>();
        for (var e : names.entrySet()) {
            Path ablation = dir.resolve(e.getKey() + ".yaml");
            if (!Files.isRegularFile(ablation)) {
                throw new SweepException(file + ": axes.ablation: unknown ablation '" + e.getKey() + "': no file "
                        + ablation + " (have: " + String.join(", ", available(dir)) + ")");
            }
            out.add(new Ablation(e.getKey(), ablation, e.getValue()));
        }
        return out;
    }

    private static List<String> available(Path dir) {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        } catch (IOException e) {
            return List.of("none: " + dir + " cannot be listed");
        }
    }

    private static Launcher launcher(Path file, JsonNode node) {
        Launcher d = Launcher.defaults();
        if (node == null || node.isNull()) {
            return d;
        }
        requireObject(file, node, "launcher");
        checkKeys(file, node, "launcher.", LAUNCHER_KEYS);
        try {
            LauncherKind kind = text(file, node, "kind", "launcher.kind").map(v -> LauncherKind.parse("launcher.kind", v))
                    .orElse(d.kind());
            return new Launcher(kind, integer(file, node, "parallel", "launcher.parallel").orElse(d.parallel()),
                    integer(file, node, "throttle", "launcher.throttle").orElse(d.throttle()),
                    bool(file, node, "requeue", "launcher.requeue").orElse(d.requeue()));
        } catch (SweepException e) {
            throw at(file, e);
        }
    }

    private static Resources resources(Path file, JsonNode node) {
        Resources d = Resources.defaults();
        if (node == null || node.isNull()) {
            return d;
        }
        requireObject(file, node, "resources");
        checkKeys(file, node, "resources.", RESOURCE_KEYS);
        List<String> sbatchArgs = node.has("sbatch_args") ? values(file, node.get("sbatch_args"),
                "resources.sbatch_args") : List.of();
        try {
            return new Resources(integer(file, node, "cpus_per_task", "resources.cpus_per_task").orElse(d.cpusPerTask()),
                    text(file, node, "mem", "resources.mem").orElse(null),
                    text(file, node, "time", "resources.time").orElse(null),
                    text(file, node, "partition", "resources.partition").orElse(null),
                    integer(file, node, "gpus", "resources.gpus").orElse(d.gpus()),
                    text(file, node, "gres", "resources.gres").orElse(null), sbatchArgs);
        } catch (SweepException e) {
            throw at(file, e);
        }
    }

    private static SweepException at(Path file, SweepException e) {
        return e.getMessage().startsWith(file.toString()) ? e : new SweepException(file + ": " + e.getMessage());
    }

    /** A mapping of config keys (nested blocks allowed) to {@code key=value} overrides, in file order. */
    static List<String> overrides(Path file, JsonNode node, String where) {
        var out = new ArrayList<String>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new SweepException(file + ": " + where + ": " + describe(node) + ": expected a mapping of config"
                    + " keys to values, e.g. '" + where + ": {steps: 5000, multi_gamma: {enabled: true}}'");
        }
        flatten("", node, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, List<String> out) {
        for (var e : node.properties()) {
            String key = prefix + e.getKey();
            if (e.getValue().isObject()) {
                flatten(key + ".", e.getValue(), out);
            } else {
                out.add(key + "=" + valueText(e.getValue()));
            }
        }
    }

    /** A YAML value as an override writes it: scalars as text, lists as {@code [a,b]}, null as {@code null}. */
    static String valueText(JsonNode v) {
        if (v == null || v.isNull()) {
            return "null";
        }
        if (v.isArray()) {
            var parts = new ArrayList<String>();
            v.forEach(x -> parts.add(valueText(x)));
            return "[" + String.join(",", parts) + "]";
        }
        return v.asText();
    }

    /** A non-empty list of scalar (or list) values, as override texts. */
    private static List<String> values(Path file, JsonNode node, String where) {
        if (node == null || !node.isArray()) {
            throw new SweepException(file + ": " + where + ": " + describe(node) + ": expected a list of values,"
                    + " e.g. '" + where + ": [a, b]'");
        }
        if (node.isEmpty()) {
            throw new SweepException(file + ": " + where + ": the axis is empty: an axis needs at least one value");
        }
        var out = new ArrayList<String>();
        for (JsonNode v : node) {
            if (v.isObject()) {
                throw new SweepException(file + ": " + where + ": " + describe(v) + " is a mapping; expected a value");
            }
            String text = valueText(v);
            if (out.contains(text)) {
                throw new SweepException(file + ": " + where + ": value " + text + " is listed twice");
            }
            out.add(text);
        }
        return out;
    }

    private static void checkKeys(Path file, JsonNode node, String prefix, Set<String> allowed) {
        for (var e : node.properties()) {
            if (!allowed.contains(e.getKey())) {
                throw new SweepException(file + ": unknown key '" + prefix + e.getKey() + "'; allowed "
                        + (prefix.isEmpty() ? "at the top level" : "under " + prefix.substring(0, prefix.length() - 1))
                        + ": " + String.join(", ", sorted(allowed)));
            }
        }
    }

    private static void requireObject(Path file, JsonNode node, String where) {
        if (!node.isObject()) {
            throw new SweepException(file + ": " + where + ": " + describe(node) + ": expected a mapping of keys");
        }
    }

    private static Optional<String> text(Path file, JsonNode node, String key) {
        return text(file, node, key, key);
    }

    private static Optional<String> text(Path file, JsonNode node, String key, String where) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isValueNode() || v.asText().isBlank()) {
            throw new SweepException(file + ": " + where + ": " + describe(v) + ": expected a non-empty value");
        }
        return Optional.of(v.asText());
    }

    private static Optional<Integer> integer(Path file, JsonNode node, String key, String where) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new SweepException(file + ": " + where + ": " + describe(v) + ": expected an integer");
        }
        return Optional.of(v.intValue());
    }

    private static Optional<Boolean> bool(Path file, JsonNode node, String key, String where) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw new SweepException(file + ": " + where + ": " + describe(v) + ": expected true or false");
        }
        return Optional.of(v.booleanValue());
    }

    private static String describe(JsonNode v) {
        if (v == null || v.isNull()) {
            return "(nothing)";
        }
        return v.isTextual() ? "'" + v.asText() + "'" : v.toString();
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }
}
