package org.mbrl4j.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * Asks the CUDA driver, through FFM and without JCuda, whether a device is usable: loads
 * {@code libcuda.so.1}, checks that it exports every entry point the backend calls
 * ({@link #REQUIRED_SYMBOLS}), calls {@code cuInit(0)}, {@code cuDriverGetVersion} and
 * {@code cuDeviceGetCount}. Never throws: every failure becomes a {@link Result} whose reason says
 * what was searched and how to fix it. JCuda's own loader would fail inside a static initializer
 * when libcuda is missing (STYLE trap 6), so this probe runs first.
 *
 * <p>The library is looked up in {@link Arena#global()}, so it stays loaded for the life of the
 * process. A lookup in a closed arena would {@code dlclose} libcuda right after {@code cuInit}: when
 * nothing else holds it yet (JCuda loads it later), that unmaps the driver while the threads and
 * exit handlers that cuInit started still point into it, and JCuda's later load would start a second,
 * separately initialized copy. Keeping one mapping is what the driver expects and what JCuda needs
 * anyway.
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

    /**
     * The driver entry points the backend calls, under the names libcuda exports (the {@code _v2}
     * ABI names and {@code cuGraphInstantiateWithFlags} are what JCuda 12.6's libJCudaDriver binds for
     * cuDeviceTotalMem, cuMemAlloc, cuStreamBeginCapture, cuGraphInstantiate and the rest). A driver
     * older than one of them fails here, by name, instead of inside JCuda at the first call.
     */
    public static final List<String> REQUIRED_SYMBOLS = List.of("cuInit", "cuDriverGetVersion", "cuGetErrorName",
            "cuDeviceGet", "cuDeviceGetCount", "cuDeviceGetName", "cuDeviceGetAttribute", "cuDeviceTotalMem_v2",
            "cuDevicePrimaryCtxRetain", "cuDevicePrimaryCtxRelease_v2", "cuCtxSetCurrent", "cuModuleLoadDataEx",
            "cuModuleGetFunction", "cuModuleUnload", "cuFuncSetAttribute", "cuLaunchKernel", "cuStreamCreate",
            "cuStreamDestroy_v2", "cuStreamSynchronize", "cuEventCreate", "cuEventRecord", "cuEventSynchronize",
            "cuEventDestroy_v2", "cuMemAlloc_v2", "cuMemFree_v2", "cuMemGetInfo_v2", "cuMemHostAlloc",
            "cuMemFreeHost", "cuMemcpyHtoDAsync_v2", "cuMemcpyDtoHAsync_v2", "cuMemcpyDtoDAsync_v2",
            "cuMemsetD32Async", "cuStreamBeginCapture_v2", "cuStreamEndCapture", "cuGraphInstantiateWithFlags",
            "cuGraphLaunch", "cuGraphExecDestroy", "cuGraphDestroy");

    /** Probes the driver; safe to call on any machine. */
    public static Result probe() {
        return probe(LIBCUDA);
    }

    /** Probes {@code library} as the driver (tests pass another library to see what the probe keeps loaded). */
    @SuppressWarnings("restricted") // the launcher, the jar manifest and surefire enable native access
    static Result probe(String library) {
        SymbolLookup lib;
        try {
            lib = SymbolLookup.libraryLookup(library, Arena.global()); // never unloaded: see the class comment
        } catch (IllegalArgumentException e) {
            return new Result(false, 0, 0, library + " not found", "no CUDA device: " + library
                    + " not found (the dynamic linker searched LD_LIBRARY_PATH="
                    + System.getenv().getOrDefault("LD_LIBRARY_PATH", "(unset)")
                    + ", the ldconfig cache and /lib, /usr/lib). It ships with the NVIDIA driver: check nvidia-smi,"
                    + " install the driver, " + PtxModules.driverRequirement() + ", or add its directory to"
                    + " LD_LIBRARY_PATH; use device=cpu to run on the CPU backend");
        }
        List<String> missing = REQUIRED_SYMBOLS.stream().filter(s -> lib.find(s).isEmpty()).toList();
        try (Arena arena = Arena.ofConfined()) {
            Linker linker = Linker.nativeLinker();
            MemorySegment out = arena.allocate(ValueLayout.JAVA_INT);
            if (!missing.isEmpty()) {
                return new Result(false, 0, driverVersion(linker, lib, arena), library + " lacks " + missing.size()
                        + " entry points", "no usable CUDA driver: " + library + " does not export " + missing
                        + " (the driver predates them, or this is not NVIDIA's driver library); install a newer driver, "
                        + PtxModules.driverRequirement() + "; use device=cpu to run on the CPU backend");
            }
            int init = (int) call(linker, lib, "cuInit", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT))
                    .invokeExact(0);
            int version = driverVersion(linker, lib, arena);
            String driver = "CUDA driver API " + version / 1000 + "." + (version % 1000) / 10;
            if (init != 0) {
                String name = errorName(linker, lib, arena, init);
                return new Result(false, 0, version, "cuInit failed with " + name, "no CUDA device: " + library
                        + " loaded (" + driver + ") but cuInit failed with " + name + " (" + init + "): "
                        + (init == 100 ? "the driver sees no GPU (nvidia-smi lists none)"
                                : "check nvidia-smi and that the kernel module matches the driver library")
                        + "; use device=cpu to run on the CPU backend");
            }
            int countStatus = (int) call(linker, lib, "cuDeviceGetCount", intOut()).invokeExact(out);
            int count = countStatus == 0 ? out.get(ValueLayout.JAVA_INT, 0) : 0;
            if (count < 1) {
                return new Result(false, 0, version, "cuDeviceGetCount reports " + count, "no CUDA device: "
                        + library + " loaded (" + driver + ") but cuDeviceGetCount reports " + count + " devices;"
                        + " check nvidia-smi and CUDA_VISIBLE_DEVICES; use device=cpu to run on the CPU backend");
            }
            String found = count + " CUDA device(s), " + driver;
            return new Result(true, count, version, found, found);
        } catch (Throwable e) {
            return new Result(false, 0, 0, "probing " + library + " failed", "no CUDA device: probing " + library
                    + " failed with " + e + "; use device=cpu to run on the CPU backend");
        }
    }

    /** cuDriverGetVersion, or 0 when the library lacks it or it fails. */
    private static int driverVersion(Linker linker, SymbolLookup lib, Arena arena) throws Throwable {
        if (lib.find("cuDriverGetVersion").isEmpty()) {
            return 0;
        }
        MemorySegment out = arena.allocate(ValueLayout.JAVA_INT);
        return (int) call(linker, lib, "cuDriverGetVersion", intOut()).invokeExact(out) == 0
                ? out.get(ValueLayout.JAVA_INT, 0) : 0;
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
