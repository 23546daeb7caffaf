package org.mbrl4j.env;

import java.util.List;

/**
 * A test-only provider, listed in the test resources' META-INF/services, that is never available,
 * as an optional native provider is when its library is missing.
 */
public final class MissingLibTestEnvProvider implements EnvProvider {
    static final String NAME = "test-missing-lib";
    static final String TASK = "test-needs-lib";
    static final String REASON = "libmbrl4j-test.so.0 not found in /nonexistent/lib (a test provider that is never"
            + " available)";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<EnvTask> tasks() {
        return List.of(new EnvTask(TASK, "test only: a task whose provider is never available"));
    }

    @Override
    public Availability availability() {
        return Availability.unavailable(REASON);
    }

    @Override
    public Env make(String task) {
        throw new IllegalStateException("env provider " + NAME + " is unavailable; the registry must not call make");
    }
}
