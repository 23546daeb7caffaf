package org.mbrl4j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import org.mbrl4j.config.AutomaticModelSize;
import org.mbrl4j.config.Config;
import org.mbrl4j.config.LoadedConfig;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.config.ModelSize;
import org.mbrl4j.tensor.Device;
import org.mbrl4j.train.Checkpoint;
import org.mbrl4j.train.CheckpointConfig;

/**
 * What {@code mbrl train [FILE] [key=value...]} will run, resolved the same way for {@code train} and
 * {@code config}: the layered config, or with {@code checkpoint=PATH} the checkpoint's config changed
 * by the overrides; then, once the backend is chosen, the automatic model size ({@link #forDevice}).
 *
 * @param loaded the config before the automatic model size
 * @param resume the checkpoint a resumed run continues from
 * @param saved  the checkpoint's own config (for the architecture check), when resuming
 */
record TrainSetup(LoadedConfig loaded, Optional<Checkpoint> resume, Optional<MbrlConfig> saved) {
    /** The model size a fresh run on the CPU backend gets for the size keys nobody set. */
    static final ModelSize CPU_MODEL_SIZE = ModelSize.CPU;

    /** Loads the config (printing the checkpoint's changes when resuming). */
    static TrainSetup read(RunArguments arguments, PrintWriter out) {
        LoadedConfig loaded = Config.load(arguments.file(), arguments.overrides());
        if (loaded.config().run().checkpoint() == null) {
            return new TrainSetup(loaded, Optional.empty(), Optional.empty());
        }
        if (arguments.file().isPresent()) {
            throw new CliException("a config file and checkpoint=... cannot be combined: a resumed run uses the"
                    + " checkpoint's config; change keys with key=value overrides", Main.EXIT_USAGE);
        }
        Checkpoint ck = Checkpoint.read(loaded.config().run().checkpointPath().orElseThrow());
        var saved = CheckpointConfig.load(ck, List.of()).config();
        loaded = CheckpointConfig.load(ck, arguments.overrides());
        out.println("config: from checkpoint " + ck.path() + " (written at git " + ck.gitRevision() + ")");
        CheckpointConfig.otherChanges(saved, loaded.config()).forEach(c -> out.println("  changed: " + c));
        return new TrainSetup(loaded, Optional.of(ck), Optional.of(saved));
    }

    /**
     * The config a run on {@code device} trains with: on the CPU backend a fresh run gets the
     * {@code cpu} preset for the size keys nobody set (configs/default.yaml says why);
     * a resumed run keeps the checkpoint's sizes. Prints what the preset did, if anything.
     */
    LoadedConfig forDevice(Device device, PrintWriter out) {
        if (device != Device.CPU || resume.isPresent()) {
            return loaded;
        }
        AutomaticModelSize.Result r = AutomaticModelSize.apply(loaded, CPU_MODEL_SIZE);
        if (!r.filled().isEmpty()) {
            out.println("model_size: not set, and training runs on the CPU backend: the '" + CPU_MODEL_SIZE.yamlName()
                    + "' preset sets " + String.join(", ", r.filled())
                    + (r.kept().isEmpty() ? "" : "; kept as set: " + String.join(", ", r.kept()))
                    + " (set model_size=null for the default sizes, or choose a preset)");
        } else if (!r.kept().isEmpty()) {
            out.println("model sizes: every size key is set, so the automatic '" + CPU_MODEL_SIZE.yamlName()
                    + "' preset of the CPU backend sets none");
        }
        return r.loaded();
    }
}
