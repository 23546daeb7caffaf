package org.mbrl4j.train;

import java.util.Map;
import java.util.stream.Collectors;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.config.LoadedConfig;
import org.mbrl4j.config.ResolvedTable;

/**
 * What a run prints before its first step (STYLE practice 8): the resolved config table, the values
 * derived once from the env ({@link RunSpec}) and by the algorithm (the agent's derived values), the
 * parameter count of each model component, the backend and the run directory.
 */
final class RunBanner {
    private RunBanner() {}

    static String render(LoadedConfig loaded, RunSpec spec, Map<String, String> algorithmDerived,
            Map<String, Long> parameters, String backend, RunDirectory dir) {
        var sb = new StringBuilder(ResolvedTable.render(loaded));
        loaded.warnings().forEach(w -> sb.append("warning: ").append(w).append('\n'));
        int repeat = spec.run().actionRepeat();
        sb.append("derived from env ").append(spec.envName()).append(" (obs ").append(spec.obsDim())
                .append(", action ").append(spec.actionDim()).append("):\n");
        row(sb, "episode_length", spec.episodeLength() + " agent steps (action_repeat " + repeat + ": "
                + (long) spec.episodeLength() * repeat + " env steps)");
        row(sb, "seed_steps", spec.seedSteps() + (spec.run().seedSteps() == 0
                ? " (max(" + RunSpec.MIN_SEED_STEPS + ", " + RunSpec.SEED_EPISODES + " x episode_length))" : ""));
        row(sb, "buffer_capacity", spec.bufferCapacity() + " transitions (min(buffer_size, steps))");
        algorithmDerived.forEach((key, value) -> row(sb, key, value));
        long total = parameters.values().stream().mapToLong(Long::longValue).sum();
        sb.append("parameters: ").append(parameters.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")))
                .append("; total ").append(total).append('\n');
        sb.append("backend: ").append(backend).append('\n');
        sb.append("run directory: ").append(dir.root()).append('\n');
        return sb.toString();
    }

    private static void row(StringBuilder sb, String key, String value) {
        sb.append(String.format("  %-16s %s\n", key, value));
    }
}
