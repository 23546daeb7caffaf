package org.mbrl4j.cli.sweep;

import java.util.HashMap;
import java.util.Map;
import org.mbrl4j.config.RunConfig;
import org.mbrl4j.env.EnvSpec;
import org.mbrl4j.train.TrainEnvs;

/** The env spec of each run's task as training makes the env ({@link TrainEnvs}), made once per kind of run. */
final class EnvSpecs {
    private final Map<String, EnvSpec> specs = new HashMap<>();

    EnvSpec of(RunConfig run) {
        String key = run.task() + "|" + run.obs() + "|" + run.frameStack() + "|" + run.actionRepeat();
        return specs.computeIfAbsent(key, k -> TrainEnvs.make(run).spec());
    }
}
