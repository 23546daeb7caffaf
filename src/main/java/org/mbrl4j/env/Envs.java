package org.mbrl4j.env;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The tasks of this installation: an {@link EnvRegistry} of the {@link EnvProvider}s listed in the
 * {@value #SERVICE_FILE} files on the class path, loaded on first use (not in a static initializer,
 * so that a broken provider fails with its own message, not an ExceptionInInitializerError) and kept.
 */
public final class Envs {
    private Envs() {}

    /** Where {@link ServiceLoader} looks for providers. */
    public static final String SERVICE_FILE = "META-INF/services/org.mbrl4j.env.EnvProvider";

    private static EnvRegistry registry; // guarded by Envs.class

    /**
     * The registry of the providers found on the class path.
     *
     * @throws IllegalStateException when a listed provider cannot be loaded, or none is listed
     * @throws IllegalArgumentException when two providers clash (see {@link EnvRegistry#of})
     */
    public static synchronized EnvRegistry registry() {
        if (registry == null) {
            registry = EnvRegistry.of(load());
        }
        return registry;
    }

    /** The names of the tasks that can be made here, sorted. */
    public static String[] names() {
        return registry().names().toArray(String[]::new);
    }

    /** A fresh env by task name, with its registered time limit and no action repeat. */
    public static Env make(String name) {
        return make(name, 1);
    }

    /** A fresh env by task name, wrapped in {@link ActionRepeat} when {@code actionRepeat > 1}. */
    public static Env make(String name, int actionRepeat) {
        return registry().make(name, actionRepeat);
    }

    private static List<EnvProvider> load() {
        List<EnvProvider> found = new ArrayList<>();
        try {
            ServiceLoader.load(EnvProvider.class, EnvProvider.class.getClassLoader()).forEach(found::add);
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("cannot load an env provider listed in " + SERVICE_FILE + ": "
                    + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("no env provider found: no " + SERVICE_FILE + " on the class path;"
                    + " mbrl4j's jar lists " + ClassicEnvProvider.class.getName() + " there (a repackaged jar that"
                    + " dropped META-INF/services?)");
        }
        return found;
    }
}
