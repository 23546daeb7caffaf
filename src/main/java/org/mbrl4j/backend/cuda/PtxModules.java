package org.mbrl4j.backend.cuda;

import static jcuda.driver.CUjit_option.CU_JIT_ERROR_LOG_BUFFER;
import static jcuda.driver.CUjit_option.CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES;
import static jcuda.driver.CUjit_option.CU_JIT_INFO_LOG_BUFFER;
import static jcuda.driver.CUjit_option.CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

/**
 * The PTX modules packaged in the jar under {@code /ptx/<module>.<arch>.ptx} (native-build.sh), JIT
 * compiled by the driver with cuModuleLoadDataEx at backend construction, so a broken module fails
 * at start with the JIT's error log in the exception. Functions are looked up on first launch and
 * cached.
 */
final class PtxModules implements AutoCloseable {
    /** Every kernels/*.cu, in the order of kernels/README.md. */
    static final List<String> MODULES = List.of("pointwise", "reduce", "layout", "norm", "loss", "distribution", "random",
            "select", "optim", "gemm", "ensemble_linear", "fused_layer", "conv",
            "recurrent", "pixel");
    static final String REBUILD_HINT = "run ./native-build.sh on a machine with nvcc (CUDA 12.x/13.x), then rebuild the"
            + " jar (mvn package); use device=cpu to run without CUDA";
    /** Bytes of each JIT log buffer. */
    private static final int LOG_BYTES = 16 << 10;

    private final CudaContext ctx;
    private final String arch;
    private final Map<String, CUmodule> modules = new LinkedHashMap<>();
    private final Map<String, CUfunction> functions = new HashMap<>();

    PtxModules(CudaContext ctx, String arch) {
        this.ctx = ctx;
        this.arch = arch;
        requirePresent(arch);
        for (String m : MODULES) {
            modules.put(m, load(m));
        }
    }

    /** The packaged PTX target for a compute capability: sm_90 for 9.x, sm_80 for 8.x. */
    static String archFor(DeviceLimits limits) {
        return switch (limits.ccMajor()) {
            case 9 -> "sm_90";
            case 8 -> "sm_80";
            default -> throw new CudaUnavailableException("device 0 (" + limits.name() + ") has compute capability "
                    + limits.ccMajor() + "." + limits.ccMinor() + ", but this build packages PTX for sm_80 (8.x) and"
                    + " sm_90 (9.x) only (native-build.sh ARCHS); add the architecture there and rebuild, or use"
                    + " device=cpu");
        };
    }

    static String resource(String module, String arch) {
        return "/ptx/" + module + "." + arch + ".ptx";
    }

    /** Fails, listing every missing file, unless all modules are packaged for {@code arch}. */
    static void requirePresent(String arch) {
        List<String> missing = new ArrayList<>();
        for (String m : MODULES) {
            if (PtxModules.class.getResource(resource(m, arch)) == null) {
                missing.add(resource(m, arch).substring(1));
            }
        }
        if (!missing.isEmpty()) {
            throw new CudaUnavailableException("PTX not found on the class path: " + String.join(", ", missing)
                    + " (the jar packages kernels/build/ptx under /ptx): " + REBUILD_HINT);
        }
    }

    private CUmodule load(String module) {
        String path = resource(module, arch);
        byte[] ptx = read(path);
        byte[] image = Arrays.copyOf(ptx, ptx.length + 1); // NUL-terminated, as cuModuleLoadDataEx reads a C string
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errorLog = arena.allocate(LOG_BYTES);
            MemorySegment infoLog = arena.allocate(LOG_BYTES);
            int[] options = {CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES, CU_JIT_INFO_LOG_BUFFER,
                    CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES};
            // optionValues is a void*[]: the log buffers' addresses and their sizes cast to pointers
            long[] values = {errorLog.address(), LOG_BYTES, infoLog.address(), LOG_BYTES};
            CUmodule m = new CUmodule();
            ctx.makeCurrent();
            int result = JCudaDriver.cuModuleLoadDataEx(m, Pointer.to(image), options.length, options, Pointer.to(values));
            if (result != 0) {
                String log = errorLog.getString(0);
                throw new CudaException("cuModuleLoadDataEx failed with " + Cu.name(result) + " (" + result + ") for "
                        + path.substring(1) + " on " + ctx.limits.name() + " (driver API " + ctx.driverVersion + ");"
                        + " JIT error log:\n" + (log.isBlank() ? "(empty)" : log) + "\nFix: " + REBUILD_HINT, result);
            }
            return m;
        }
    }

    private static byte[] read(String path) {
        try (InputStream in = PtxModules.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new CudaUnavailableException("PTX " + path.substring(1) + " not found on the class path: "
                        + REBUILD_HINT);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new CudaUnavailableException("reading " + path.substring(1) + " failed: " + e, e);
        }
    }

    /** The function for {@code module/entry}, looked up once. */
    CUfunction function(String module, String entry) {
        String key = module + "/" + entry;
        CUfunction f = functions.get(key);
        if (f == null) {
            CUmodule m = modules.get(module);
            if (m == null) {
                throw new IllegalArgumentException("no PTX module '" + module + "' (known: " + MODULES + ")");
            }
            f = new CUfunction();
            int result = JCudaDriver.cuModuleGetFunction(f, m, entry);
            if (result != 0) {
                throw new CudaException("cuModuleGetFunction failed with " + Cu.name(result) + ": no entry point '"
                        + entry + "' in " + resource(module, arch).substring(1) + "; " + REBUILD_HINT, result);
            }
            functions.put(key, f);
        }
        return f;
    }

    String arch() {
        return arch;
    }

    @Override
    public void close() {
        ctx.makeCurrent();
        for (var e : modules.entrySet()) {
            Cu.check(JCudaDriver.cuModuleUnload(e.getValue()), "cuModuleUnload", "unloading " + e.getKey());
        }
        modules.clear();
        functions.clear();
    }
}
