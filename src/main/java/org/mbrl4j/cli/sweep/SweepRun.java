package org.mbrl4j.cli.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One run of a sweep: an ordinary {@code mbrl train [FILE] key=value...}.
 *
 * @param index     its place in the sweep (0-based), also its line in runs.tsv
 * @param task      the task
 * @param seed      the seed
 * @param variant   the experiment name: the ablation and the other axes' values, e.g. {@code A1-joint_rho-0.7}
 * @param file      the config file layered over the defaults (the ablation's, or the sweep's config)
 * @param overrides every override, ending with the ones the sweep sets (task, seed, exp_name, work_dir)
 * @param runDir    where the run writes ({@code <sweep>/runs/<task>/<variant>/seed<seed>})
 */
public record SweepRun(int index, String task, int seed, String variant, Optional<Path> file, List<String> overrides,
        Path runDir) {
    public SweepRun {
        overrides = List.copyOf(overrides);
    }

    /** The arguments after {@code mbrl train}. */
    public List<String> trainArgs() {
        var out = new ArrayList<String>();
        file.ifPresent(f -> out.add(f.toString()));
        out.addAll(overrides);
        return out;
    }

    /** {@code task/variant/seedN}. */
    public String label() {
        return task + "/" + variant + "/seed" + seed;
    }
}
