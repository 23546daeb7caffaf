package org.mbrl4j.cli.sweep;

import java.util.Arrays;
import java.util.Locale;

/** Where the runs of a sweep execute. */
public enum LauncherKind {
    /** Child processes of {@code mbrl sweep}, a fixed number at a time. */
    LOCAL,
    /** One Slurm job array, one array task per run. */
    SLURM;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws SweepException naming {@code key}, the value and the choices */
    static LauncherKind parse(String key, String value) {
        for (LauncherKind k : values()) {
            if (k.yamlName().equals(value)) {
                return k;
            }
        }
        throw new SweepException(key + ": '" + value + "' is not a launcher; choose one of "
                + Arrays.stream(values()).map(LauncherKind::yamlName).toList());
    }
}
