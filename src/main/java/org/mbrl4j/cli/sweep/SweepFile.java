package org.mbrl4j.cli.sweep;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed sweep file (docs/sweeps.md): which runs, with which config, where, and how to launch them.
 * Relative paths in the file are resolved against the directory {@code mbrl sweep} is called from.
 *
 * @param source        the sweep file
 * @param name          the sweep's name (Slurm job name); default the file's name without .yaml
 * @param out           the sweep directory, under which every run writes
 * @param config        a config file layered over the defaults for every run (not with an ablation axis)
 * @param overrides     {@code key=value} for every run, in file order
 * @param tasks         the task axis (empty: the config's task)
 * @param seeds         the seed axis (empty: the config's seed)
 * @param ablations     the ablation axis (empty: none)
 * @param grid          the other axes: config key to its values, in file order
 * @param taskOverrides task to its {@code key=value} overrides, applied after {@code overrides}
 * @param launcher      the launcher block
 * @param resources     the resources block
 */
public record SweepFile(Path source, String name, Path out, Optional<Path> config, List<String> overrides,
        List<String> tasks, List<String> seeds, List<Ablation> ablations, Map<String, List<String>> grid,
        Map<String, List<String>> taskOverrides, Launcher launcher, Resources resources) {
    public SweepFile {
        overrides = List.copyOf(overrides);
        tasks = List.copyOf(tasks);
        seeds = List.copyOf(seeds);
        ablations = List.copyOf(ablations);
        grid = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(grid));
        taskOverrides = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(taskOverrides));
    }

    /** The same file with another sweep directory (a launched sweep read back from its directory). */
    public SweepFile withOut(Path newOut) {
        return new SweepFile(source, name, newOut, config, overrides, tasks, seeds, ablations, grid, taskOverrides,
                launcher, resources);
    }

    /** The same file with another launcher and resources (command-line flags). */
    public SweepFile with(Launcher newLauncher, Resources newResources) {
        return new SweepFile(source, name, out, config, overrides, tasks, seeds, ablations, grid, taskOverrides,
                newLauncher, newResources);
    }
}
