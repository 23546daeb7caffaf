package org.mbrl4j.backend.factory;

import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.backend.cuda.CudaBackend;
import org.mbrl4j.backend.cuda.CudaDriverProbe;
import org.mbrl4j.backend.cuda.CudaException;
import org.mbrl4j.backend.cuda.CudaUnavailableException;
import org.mbrl4j.config.DeviceChoice;
import org.mbrl4j.config.ExecutionConfig;
import org.mbrl4j.config.MatmulPrecision;

/**
 * Chooses the backend from the {@code device} key (STYLE practice 10: explicit, never by classpath
 * discovery) and says why, in one line (the CLI prints it; it is also logged at DEBUG):
 * <ul>
 *   <li>{@code cpu}: the Java reference backend.</li>
 *   <li>{@code cuda}: the CUDA backend, or a {@link CudaUnavailableException} saying what was
 *       searched and how to fix it.</li>
 *   <li>{@code cuda-emulated}: the CUDA backend on the host emulator (kernels/*.cu compiled by g++),
 *       or a {@link CudaUnavailableException} saying how to build the emulator library.</li>
 *   <li>{@code auto}: CUDA when the driver reports a device and the backend starts, else CPU with the
 *       reason, e.g. "device=auto: no CUDA device (libcuda.so.1 not found), using cpu".</li>
 * </ul>
 * The probe runs through FFM and never throws, so auto cannot crash on a machine without a driver.
 */
public final class Backends {
    private Backends() {}

    private static final System.Logger LOG = System.getLogger(Backends.class.getName());

    /** The chosen backend and the one-line reason. */
    public record Selection(Backend backend, String reason) {}

    public static Selection create(ExecutionConfig config) {
        return create(config.device(), config.matmulPrecision(), config.cpuFastMath());
    }

    /** {@code device} with TF32 GEMMs on CUDA. */
    public static Selection create(DeviceChoice choice) {
        return create(choice, MatmulPrecision.TF32);
    }

    public static Selection create(DeviceChoice choice, MatmulPrecision precision) {
        return create(choice, precision, false);
    }

    /**
     * {@code cpuFastMath} ({@code cpu_fast_math}) reaches a CPU backend, and the reason then says so;
     * a CUDA backend ignores it.
     */
    public static Selection create(DeviceChoice choice, MatmulPrecision precision, boolean cpuFastMath) {
        Selection s = switch (choice) {
            case CPU -> cpu(cpuFastMath, "device=cpu: using cpu");
            case CUDA -> {
                CudaBackend b = new CudaBackend(precision);
                yield new Selection(b, "device=cuda: using " + b.describe());
            }
            case CUDA_EMULATED -> {
                CudaBackend b = CudaBackend.emulated(precision);
                yield new Selection(b, "device=cuda-emulated: using " + b.describe());
            }
            case AUTO -> auto(precision, cpuFastMath);
        };
        LOG.log(System.Logger.Level.DEBUG, s.reason()); // the CLI prints the reason: one line per run
        return s;
    }

    private static Selection cpu(boolean fastMath, String reason) {
        return new Selection(new CpuBackend(fastMath), fastMath
                ? reason + " with cpu_fast_math (float side ops within the bounds of docs/cpu-fast-math.md)"
                : reason);
    }

    private static Selection auto(MatmulPrecision precision, boolean cpuFastMath) {
        CudaDriverProbe.Result probe = CudaDriverProbe.probe();
        if (!probe.available()) {
            LOG.log(System.Logger.Level.DEBUG, probe.reason());
            return cpu(cpuFastMath, "device=auto: no CUDA device (" + probe.summary() + "), using cpu");
        }
        try {
            CudaBackend b = new CudaBackend(precision);
            return new Selection(b, "device=auto: " + probe.summary() + ", using " + b.describe());
        } catch (CudaUnavailableException | CudaException e) {
            return cpu(cpuFastMath, "device=auto: a CUDA device is present (" + probe.summary()
                    + ") but the CUDA backend cannot start (" + e.getMessage() + "), using cpu");
        }
    }
}
