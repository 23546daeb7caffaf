package org.mbrl4j.env;

import java.util.List;

/**
 * A test-only provider, listed in the test resources' META-INF/services: always available, it adds
 * the task {@value #TASK} ({@link BlinkEnv}, u8 frames) to the tasks of the classic provider.
 */
public final class FramesTestEnvProvider implements EnvProvider {
    static final String NAME = "test-frames";
    static final String TASK = "test-blink";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<EnvTask> tasks() {
        return List.of(new EnvTask(TASK, "test only: a 1x2x2 u8 frame whose brightness follows the action"));
    }

    @Override
    public Env make(String task) {
        if (!TASK.equals(task)) {
            throw new IllegalArgumentException("env provider " + NAME + ": no task '" + task + "'");
        }
        return new BlinkEnv();
    }
}
