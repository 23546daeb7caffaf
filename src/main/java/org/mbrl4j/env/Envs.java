package org.mbrl4j.env;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** The env registry: name → a fresh env, optionally wrapped in {@link ActionRepeat}. */
public final class Envs {
    private Envs() {}

    private static final Map<String, Supplier<Env>> REGISTRY = new TreeMap<>(Map.of(
            Pendulum.NAME, Pendulum::new,
            CartPoleSwingup.NAME, CartPoleSwingup::new));

    /** The registered names, sorted. */
    public static String[] names() {
        return REGISTRY.keySet().toArray(String[]::new);
    }

    /** A fresh env by registry name, with its registered time limit and no action repeat. */
    public static Env make(String name) {
        return make(name, 1);
    }

    /**
     * A fresh env by registry name; {@code actionRepeat > 1} wraps it in {@link ActionRepeat}, whose
     * time limit in agent steps is ceil(registered limit / actionRepeat).
     */
    public static Env make(String name, int actionRepeat) {
        Supplier<Env> factory = REGISTRY.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown env '" + name + "'; valid names: "
                    + String.join(", ", names()));
        }
        if (actionRepeat < 1) {
            throw new IllegalArgumentException("env " + name + ": action_repeat must be >= 1, got " + actionRepeat);
        }
        Env env = factory.get();
        return actionRepeat == 1 ? env : new ActionRepeat(env, actionRepeat);
    }
}
