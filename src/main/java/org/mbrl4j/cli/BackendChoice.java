package org.mbrl4j.cli;

import java.io.PrintWriter;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.config.DeviceChoice;

/**
 * The {@code device} key, resolved once for {@code train} and {@code eval}. This build has only the
 * Java CPU backend: {@code auto} says so and uses it; {@code cuda} is an error that says what to do.
 */
final class BackendChoice {
    private BackendChoice() {}

    /** The device the run will use (CPU in this build); prints why for {@code auto}. */
    static DeviceChoice resolve(DeviceChoice requested, PrintWriter out) {
        return switch (requested) {
            case CPU -> DeviceChoice.CPU;
            case AUTO -> {
                out.println("device=auto: no CUDA backend available in this build, using cpu ("
                        + (SystemProbe.libcuda().startsWith("loaded") ? "a CUDA driver is installed, but " : "")
                        + "the CUDA backend is not implemented yet)");
                yield DeviceChoice.CPU;
            }
            case CUDA -> throw new CliException("device=cuda: the CUDA backend is not built into this version of"
                    + " mbrl4j yet; use device=cpu (or device=auto, which picks the CPU backend here)", Main.EXIT_USAGE);
        };
    }

    /** A new backend for a resolved device. */
    static Backend create(DeviceChoice resolved) {
        if (resolved != DeviceChoice.CPU) {
            throw new IllegalStateException("no backend for resolved device " + resolved.yamlName());
        }
        return new CpuBackend();
    }
}
