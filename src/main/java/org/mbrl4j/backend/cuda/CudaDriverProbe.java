package org.mbrl4j.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Asks the CUDA driver, through FFM and without JCuda, whether a device is usable: loads
 * {@code libcuda.so.1}, calls {@code cuInit(0)}, {@code cuDriverGetVersion} and
 * {@code cuDeviceGetCount}. Never throws: every failure becomes a {@link Result} whose reason says
 * what was searched and how to fix it. JCuda's own loader would fail inside a static initializer
 * when libcuda is missing (STYLE trap 6), so this probe runs first.
 */
public final class CudaDriverProbe {
    private CudaDriverProbe() {}

    /** The driver library; it ships with the NVIDIA kernel driver, not with the CUDA toolkit. */
    public static final String LIBCUDA = "libcuda.so.1";

    /**
     * @param available      a device can be used (libcuda loaded, cuInit succeeded, at least one device)
     * @param deviceCount    devices the driver reports (0 when unavailable)
     * @param driverVersion  CUDA driver API version, e.g. 13000 for 13.0 (0 when unknown)
     * @param summary        a few words: "2 devices, CUDA driver API 13.0" or "libcuda.so.1 not found"
     * @param reason         one line: what was found, or why CUDA cannot be used and how to fix it
     */
    public record Result(boolean available, int deviceCount, int driverVersion, String summary, String reason) {}

    /** Probes the driver; safe to call on any machine. */
    @SuppressWarnings("restricted") // the launcher, the jar manifest and surefire enable native access
    public static Result probe() {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup lib;
            try {
                lib = SymbolLookup.libraryLookup(LIBCUDA, arena);
            } catch (IllegalArgumentException e) {
                return new Result(false, 0, 0, LIBCUDA + " not found", "no CUDA device: " + LIBCUDA
                        + " not found (the dynamic linker searched LD_LIBRARY_PATH="
                        + System.getenv().getOrDefault("LD_LIBRARY_PATH", "(unset)")
                        + ", the ldconfig cache and /lib, /usr/lib). It ships with the NVIDIA driver: check nvidia-smi,"
                        + " install the driver (R580 or newer for this build's PTX ISA 9.0) or add its directory to"
                        + " LD_LIBRARY_PATH; use device=cpu to run on the CPU backend");
            }
            Linker linker = Linker.nativeLinker();
            MemorySegment out = arena.allocate(ValueLayout.JAVA_INT);
            int init = (int) call(linker, lib, "cuInit", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT))
                    .invokeExact(0);
            int version = 0;
            if ((int) call(linker, lib, "cuDriverGetVersion", intOut()).invokeExact(out) == 0) {
                version = out.get(ValueLayout.JAVA_INT, 0);
            }
            String driver = "CUDA driver API " + version / 1000 + "." + (version % 1000) / 10;
            if (init != 0) {
                String name = errorName(linker, lib, arena, init);
                return new Result(false, 0, version, "cuInit failed with " + name, "no CUDA device: " + LIBCUDA
                        + " loaded (" + driver + ") but cuInit failed with " + name + " (" + init + "): "
                        + (init == 100 ? "the driver sees no GPU (nvidia-smi lists none)"
                                : "check nvidia-smi and that the kernel module matches the driver library")
                        + "; use device=cpu to run on the CPU backend");
            }
            int countStatus = (int) call(linker, lib, "cuDeviceGetCount", intOut()).invokeExact(out);
            int count = countStatus == 0 ? out.get(ValueLayout.JAVA_INT, 0) : 0;
            if (count < 1) {
                return new Result(false, 0, version, "cuDeviceGetCount reports " + count, "no CUDA device: "
                        + LIBCUDA + " loaded (" + driver + ") but cuDeviceGetCount reports " + count + " devices;"
                        + " check nvidia-smi and CUDA_VISIBLE_DEVICES; use device=cpu to run on the CPU backend");
            }
            String found = count + " CUDA device(s), " + driver;
            return new Result(true, count, version, found, found);
        } catch (Throwable e) {
            return new Result(false, 0, 0, "probing " + LIBCUDA + " failed", "no CUDA device: probing " + LIBCUDA
                    + " failed with " + e + "; use device=cpu to run on the CPU backend");
        }
    }

    private static FunctionDescriptor intOut() {
        return FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS);
    }

    @SuppressWarnings("restricted")
    private static MethodHandle call(Linker linker, SymbolLookup lib, String name, FunctionDescriptor fd) {
        MemorySegment symbol = lib.find(name).orElseThrow(
                () -> new IllegalStateException(LIBCUDA + " does not export " + name + " (not a CUDA driver library?)"));
        return linker.downcallHandle(symbol, fd);
    }

    /** cuGetErrorName, or the number when that fails. */
    @SuppressWarnings("restricted")
    private static String errorName(Linker linker, SymbolLookup lib, Arena arena, int code) {
        try {
            MemorySegment name = arena.allocate(ValueLayout.ADDRESS);
            MethodHandle h = call(linker, lib, "cuGetErrorName",
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
            if ((int) h.invokeExact(code, name) != 0) {
                return "CUresult " + code;
            }
            return name.get(ValueLayout.ADDRESS, 0).reinterpret(256).getString(0);
        } catch (Throwable e) {
            return "CUresult " + code;
        }
    }
}
