package org.mbrl4j.cli.sweep;

import java.nio.file.Path;
import java.util.List;

/**
 * One value of the {@code ablation} axis: a config file under {@code ablations_dir} and the overrides that
 * go with it.
 *
 * @param name      the file's name without {@code .yaml}; the runs' {@code exp_name} starts with it
 * @param file      the config file
 * @param overrides {@code key=value} overrides for this ablation's runs (may use {@code ${discount}})
 */
public record Ablation(String name, Path file, List<String> overrides) {
    public Ablation {
        overrides = List.copyOf(overrides);
    }
}
