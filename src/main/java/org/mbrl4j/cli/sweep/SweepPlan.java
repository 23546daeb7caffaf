package org.mbrl4j.cli.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mbrl4j.config.Algorithm;
import org.mbrl4j.config.Config;
import org.mbrl4j.config.ConfigException;
import org.mbrl4j.config.LoadedConfig;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.agent.tdmpc2.Tdmpc2Spec;
import org.mbrl4j.env.Envs;

/**
 * The runs of a sweep file, each checked by the config validator before anything starts: seed by seed,
 * then task, then variant (a sweep cut short has every task and variant of its first seeds).
 */
public final class SweepPlan {
    private SweepPlan() {}

    /** Keys the sweep sets on every run; a sweep file may not set them. */
    static final Set<String> SWEEP_KEYS = Set.of("exp_name", "work_dir", "run_dir", "overwrite", "checkpoint");

    /**
     * @throws SweepException naming the run and what its config validator refused
     */
    public static List<SweepRun> expand(SweepFile file) {
        checkReserved(file.overrides(), "overrides", file);
        file.taskOverrides().forEach((t, o) -> checkReserved(o, "task_overrides." + t, file));
        file.ablations().forEach(a -> checkReserved(a.overrides(), "axes.ablation." + a.name(), file));
        for (String key : file.grid().keySet()) {
            if (SWEEP_KEYS.contains(key)) {
                throw new SweepException(file.source() + ": axes." + key + ": the sweep sets " + key + " itself");
            }
        }
        var layout = new SweepLayout(file.out());
        var envs = new EnvSpecs();
        var discount = new DiscountPlaceholder(envs);
        var runs = new ArrayList<SweepRun>();
        var variantNames = new LinkedHashMap<String, String>();
        List<Variant> variants = variants(file);
        for (String seed : orDefault(file.seeds())) {
            for (String task : orDefault(file.tasks())) {
                for (Variant v : variants) {
                    String described = "run " + runs.size() + " (" + (task == null ? "" : "task " + task + ", ")
                            + (seed == null ? "" : "seed " + seed + ", ") + "variant " + v.name() + ")";
                    String clash = variantNames.putIfAbsent(v.name(), v.describe());
                    if (clash != null && !clash.equals(v.describe())) {
                        throw new SweepException(file.source() + ": variants " + clash + " and " + v.describe()
                                + " both get the run name " + v.name() + "; change one of the values");
                    }
                    var overrides = new ArrayList<>(file.overrides());
                    if (task != null) {
                        overrides.addAll(file.taskOverrides().getOrDefault(task, List.of()));
                        overrides.add("task=" + task);
                    }
                    overrides.addAll(v.overrides());
                    if (seed != null) {
                        overrides.add("seed=" + seed);
                    }
                    Optional<Path> config = v.file().or(file::config);
                    runs.add(check(file, runs.size(), described, config, overrides, v.name(), layout, discount, envs));
                }
            }
        }
        return List.copyOf(runs);
    }

    private static SweepRun check(SweepFile file, int index, String described, Optional<Path> config,
            List<String> overrides, String variant, SweepLayout layout, DiscountPlaceholder discount, EnvSpecs envs) {
        LoadedConfig loaded;
        try {
            List<String> expanded = new ArrayList<>(discount.expand(config, overrides, described));
            expanded.add("exp_name=" + variant);
            expanded.add("work_dir=" + layout.workDir());
            loaded = Config.load(config, expanded);
            MbrlConfig c = loaded.config();
            if (!Envs.registry().names().contains(c.run().task())) {
                throw new SweepException(file.source() + ": " + described + ": unknown task '" + c.run().task()
                        + "'; known tasks: " + String.join(", ", Envs.registry().names()));
            }
            // What the run checks at its start against its env (seed_steps, obs, TD-MPC2's gammas[0]), checked now.
            RunSpec spec = RunSpec.of(c.run(), envs.of(c.run()));
            if (c.run().algorithm() == Algorithm.TDMPC2) {
                Tdmpc2Spec.derive(spec, c.tdmpc2());
            }
            return new SweepRun(index, c.run().task(), c.run().seed(), variant, config, expanded,
                    layout.runDir(c.run().task(), variant, c.run().seed()));
        } catch (ConfigException e) {
            throw new SweepException(file.source() + ": " + described + ": the config is refused:\n"
                    + e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new SweepException(file.source() + ": " + described + ": " + e.getMessage());
        }
    }

    private static void checkReserved(List<String> overrides, String where, SweepFile file) {
        for (String o : overrides) {
            String key = o.substring(0, o.indexOf('='));
            if (SWEEP_KEYS.contains(key)) {
                throw new SweepException(file.source() + ": " + where + "." + key + ": the sweep sets " + key
                        + " itself (exp_name = the variant, work_dir = <out>/runs)");
            }
            if (key.equals("task") || key.equals("seed")) {
                throw new SweepException(file.source() + ": " + where + "." + key + ": give " + key
                        + " as an axis (axes." + key + ": [...])");
            }
        }
    }

    private static List<String> orDefault(List<String> axis) {
        if (axis.isEmpty()) {
            var one = new ArrayList<String>();
            one.add(null);
            return one;
        }
        return axis;
    }

    /** One combination of the ablation axis and the other axes. */
    record Variant(String name, Optional<Path> file, List<String> overrides, String describe) {}

    static List<Variant> variants(SweepFile file) {
        List<Variant> out = new ArrayList<>();
        if (file.ablations().isEmpty()) {
            out.add(new Variant("", Optional.empty(), List.of(), ""));
        } else {
            for (Ablation a : file.ablations()) {
                out.add(new Variant(a.name(), Optional.of(a.file()), a.overrides(), "ablation=" + a.name()));
            }
        }
        for (Map.Entry<String, List<String>> axis : file.grid().entrySet()) {
            List<Variant> next = new ArrayList<>();
            for (Variant v : out) {
                for (String value : axis.getValue()) {
                    String part = safe(axis.getKey() + "-" + value);
                    var overrides = new ArrayList<>(v.overrides());
                    overrides.add(axis.getKey() + "=" + value);
                    next.add(new Variant(v.name().isEmpty() ? part : v.name() + "_" + part, v.file(), overrides,
                            (v.describe().isEmpty() ? "" : v.describe() + " ") + axis.getKey() + "=" + value));
                }
            }
            out = next;
        }
        return out.stream().map(v -> v.name().isEmpty() ? new Variant("default", v.file(), v.overrides(),
                "(no variant axis)") : v).toList();
    }

    /** A directory-safe name: characters other than letters, digits, '.', '_', '-' become '_'. */
    static String safe(String text) {
        return text.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
