package org.mbrl4j.env;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Task name → provider, built once from a list of {@link EnvProvider}s: each provider's tasks and
 * availability are read at construction, task names must be unique across providers (and provider
 * names unique), and {@link #make} says what is known and what is missing when a name does not
 * resolve. {@link Envs} holds the registry of the providers found on the class path.
 */
public final class EnvRegistry {

    /** A provider with what it reported at construction. */
    private record Entry(EnvProvider provider, List<EnvTask> tasks, Availability availability) {
        String label() {
            return provider.name() + " (" + provider.getClass().getName() + ")";
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Entry> byTask = new TreeMap<>();
    private final Map<String, EnvTask> tasks = new TreeMap<>();

    private EnvRegistry(List<? extends EnvProvider> providers) {
        Map<String, Entry> byName = new HashMap<>();
        for (EnvProvider p : providers) {
            Entry e = new Entry(p, List.copyOf(p.tasks()), p.availability());
            Entry clash = byName.putIfAbsent(p.name(), e);
            if (clash != null) {
                throw new IllegalArgumentException("env providers " + clash.label() + " and " + e.label()
                        + " share the name '" + p.name() + "'; provider names must be unique");
            }
            for (EnvTask t : e.tasks()) {
                Entry other = byTask.putIfAbsent(t.name(), e);
                if (other == e) {
                    throw new IllegalArgumentException("env provider " + e.label() + " lists task '" + t.name()
                            + "' twice");
                }
                if (other != null) {
                    throw new IllegalArgumentException("task '" + t.name() + "' is provided by both env provider "
                            + other.label() + " and env provider " + e.label() + "; task names must be unique:"
                            + " remove one provider from the class path or rename its task");
                }
                tasks.put(t.name(), t);
            }
            entries.add(e);
        }
    }

    /**
     * The registry of {@code providers}.
     *
     * @throws IllegalArgumentException when two providers share a name or a task name (naming both)
     */
    public static EnvRegistry of(List<? extends EnvProvider> providers) {
        return new EnvRegistry(providers);
    }

    /** The names of the tasks that can be made here (their providers are available), sorted. */
    public List<String> names() {
        return tasks().stream().map(EnvTask::name).toList();
    }

    /** The tasks that can be made here, sorted by name. */
    public List<EnvTask> tasks() {
        return tasks.values().stream().filter(t -> isAvailable(byTask.get(t.name()))).toList();
    }

    /** The providers' names, in the order given. */
    public List<String> providers() {
        return entries.stream().map(e -> e.provider().name()).toList();
    }

    /**
     * A fresh env for {@code task}; {@code actionRepeat > 1} wraps it in {@link ActionRepeat}, whose
     * time limit in agent steps is ceil(registered limit / actionRepeat).
     *
     * @throws IllegalArgumentException for an unknown task (listing the known tasks, the providers
     *     searched and the unavailable ones with their reasons), a task whose provider is unavailable
     *     (with the reason), or {@code actionRepeat < 1}
     */
    public Env make(String task, int actionRepeat) {
        Entry e = byTask.get(task);
        if (e == null) {
            throw new IllegalArgumentException("unknown task '" + task + "'; known tasks: " + orNone(names())
                    + " (" + searched() + ")");
        }
        if (e.availability() instanceof Availability.Unavailable(String reason)) {
            throw new IllegalArgumentException("task '" + task + "' needs env provider " + e.provider().name()
                    + ", which is unavailable: " + reason);
        }
        if (actionRepeat < 1) {
            throw new IllegalArgumentException("env " + task + ": action_repeat must be >= 1, got " + actionRepeat);
        }
        Env env = e.provider().make(task);
        if (!env.spec().name().equals(task)) {
            throw new IllegalStateException("env provider " + e.label() + " made an env named '" + env.spec().name()
                    + "' for task '" + task + "'; an env's spec name must be its task name");
        }
        return actionRepeat == 1 ? env : new ActionRepeat(env, actionRepeat);
    }

    /** "env providers searched: classic, mujoco; unavailable: mujoco (tasks ...): reason". */
    private String searched() {
        String all = orNone(providers());
        String unavailable = entries.stream().filter(e -> !isAvailable(e)).map(e -> e.provider().name()
                + (e.tasks().isEmpty() ? "" : " (tasks " + e.tasks().stream().map(EnvTask::name)
                        .collect(Collectors.joining(", ")) + ")")
                + ": " + ((Availability.Unavailable) e.availability()).reason())
                .collect(Collectors.joining("; "));
        return "env providers searched: " + all + (unavailable.isEmpty() ? "" : "; unavailable: " + unavailable);
    }

    private static boolean isAvailable(Entry e) {
        return e.availability() instanceof Availability.Available;
    }

    private static String orNone(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
