package org.mbrl4j.backend.cuda;

import static jcuda.driver.CUjit_option.CU_JIT_ERROR_LOG_BUFFER;
import static jcuda.driver.CUjit_option.CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES;
import static jcuda.driver.CUjit_option.CU_JIT_INFO_LOG_BUFFER;
import static jcuda.driver.CUjit_option.CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

/**
 * The PTX modules packaged in the jar under {@code /ptx/<module>.<arch>.ptx} (native-build.sh), JIT
 * compiled by the driver with cuModuleLoadDataEx at backend construction, so a broken module fails
 * at start with the JIT's error log in the exception. Every kernel function of a module (each
 * {@code .entry} of its PTX) is resolved right after the module loads: with lazy loading (the default
 * since CUDA 12.2) cuModuleGetFunction is what loads a kernel onto the device, and it must never
 * happen first inside a stream capture or a timed region; a launch only reads the resolved table.
 * The JIT's info log (ptxas warnings) is printed once per process and module, when not empty.
 */
final class PtxModules implements AutoCloseable {
    /** Every kernels/*.cu, in the order of kernels/README.md. */
    static final List<String> MODULES = List.of("pointwise", "reduce", "layout", "norm", "loss", "distribution", "random",
            "select", "optim", "gemm", "ensemble_linear", "fused_layer", "conv",
            "recurrent", "pixel");
    static final String REBUILD_HINT = "run ./native-build.sh on a machine with nvcc (CUDA 12.x/13.x), then rebuild the"
            + " jar (mvn package); use device=cpu to run without CUDA";
    /** The packaged targets, as native-build.sh ARCHS. */
    static final List<String> ARCHS = List.of("sm_80", "sm_90");
    /** Bytes of each JIT log buffer. */
    private static final int LOG_BYTES = 16 << 10;
    private static final Pattern ENTRY = Pattern.compile("\\.entry\\s+(\\w+)\\s*\\(");
    private static final System.Logger LOG = System.getLogger(PtxModules.class.getName());
    /** module.arch whose non-empty JIT info log this process has printed. */
    private static final Set<String> INFO_LOGS_PRINTED = ConcurrentHashMap.newKeySet();

    /**
     * What loading one module took.
     *
     * @param module     kernels/&lt;module&gt;.cu
     * @param isa        the PTX's {@code .version}
     * @param entries    kernel functions resolved
     * @param loadMillis cuModuleLoadDataEx (the driver's PTX JIT, or its compute cache)
     * @param resolveMillis cuModuleGetFunction for every entry (with lazy loading: loading them)
     * @param infoLog    the JIT info log, empty when the JIT had nothing to say
     */
    record ModuleLoad(String module, PtxIsa isa, int entries, double loadMillis, double resolveMillis, String infoLog) {}

    private final CudaContext ctx;
    private final String arch;
    private final Map<String, CUmodule> modules = new LinkedHashMap<>();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final List<ModuleLoad> loads = new ArrayList<>();

    PtxModules(CudaContext ctx, String arch) {
        this.ctx = ctx;
        this.arch = arch;
        requirePresent(arch);
        for (String m : MODULES) {
            load(m);
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

    private void load(String module) {
        String path = resource(module, arch);
        byte[] ptx = read(path);
        String text = new String(ptx, StandardCharsets.US_ASCII);
        PtxIsa isa = PtxIsa.of(text, path.substring(1));
        List<String> entries = entries(text);
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
            long t0 = System.nanoTime();
            int result = JCudaDriver.cuModuleLoadDataEx(m, Pointer.to(image), options.length, options, Pointer.to(values));
            long t1 = System.nanoTime();
            if (result != 0) {
                String log = errorLog.getString(0);
                throw new CudaException("cuModuleLoadDataEx failed with " + Cu.name(result) + " (" + result + ") for "
                        + path.substring(1) + " (PTX ISA " + isa + ") on " + ctx.limits.name() + " (driver API "
                        + PtxIsa.cudaRelease(ctx.driverVersion) + "); " + driverNote(isa) + " JIT error log:\n"
                        + (log.isBlank() ? "(empty)" : log) + "\nFix: " + REBUILD_HINT, result);
            }
            modules.put(module, m);
            for (String entry : entries) {
                functions.put(key(module, entry), resolve(module, m, entry));
            }
            long t2 = System.nanoTime();
            String info = infoLog.getString(0).strip();
            loads.add(new ModuleLoad(module, isa, entries.size(), (t1 - t0) / 1e6, (t2 - t1) / 1e6, info));
            if (!info.isEmpty() && INFO_LOGS_PRINTED.add(module + "." + arch)) {
                LOG.log(System.Logger.Level.INFO, "JIT info log for " + path.substring(1) + " on " + ctx.limits.name()
                        + ":\n" + info);
            }
        }
    }

    private CUfunction resolve(String module, CUmodule m, String entry) {
        CUfunction f = new CUfunction();
        int result = JCudaDriver.cuModuleGetFunction(f, m, entry);
        if (result != 0) {
            throw new CudaException("cuModuleGetFunction failed with " + Cu.name(result) + " for entry '" + entry
                    + "' of " + resource(module, arch).substring(1) + " (resolved at module load); " + REBUILD_HINT,
                    result);
        }
        return f;
    }

    /** The kernel functions a PTX text defines ({@code .entry name(}), in file order. */
    static List<String> entries(String ptx) {
        List<String> out = new ArrayList<>();
        Matcher m = ENTRY.matcher(ptx);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Whether this driver is older than the PTX needs, in words, or "" when it is not. */
    private String driverNote(PtxIsa isa) {
        return isa.firstDriverApi().filter(api -> ctx.driverVersion < api)
                .map(api -> "this driver (" + PtxIsa.cudaRelease(ctx.driverVersion) + ") is older than PTX ISA " + isa
                        + " needs (" + PtxIsa.cudaRelease(api) + " or newer, nvidia-smi's 'CUDA Version'): update the"
                        + " driver.")
                .orElse("");
    }

    /**
     * The driver this build's packaged PTX needs, in words, for messages that run before a device is
     * known: "CUDA 11.8 or newer as nvidia-smi's 'CUDA Version' shows it, for PTX ISA 7.0 (sm_80), 7.8 (sm_90)".
     * Never throws.
     */
    static String driverRequirement() {
        List<String> perArch = new ArrayList<>();
        PtxIsa highest = null;
        for (String a : ARCHS) {
            PtxIsa max = null;
            for (String m : MODULES) {
                PtxIsa isa = PtxIsa.ofResource(resource(m, a)).orElse(null);
                if (isa != null && (max == null || isa.compareTo(max) > 0)) {
                    max = isa;
                }
            }
            if (max != null) {
                perArch.add(max + " (" + a + ")");
                highest = highest == null || max.compareTo(highest) > 0 ? max : highest;
            }
        }
        if (highest == null) {
            return "no PTX is packaged in this build, so no minimum is known: " + REBUILD_HINT;
        }
        String release = highest.firstDriverApi().map(api -> PtxIsa.cudaRelease(api) + " or newer")
                .orElse("one that reads PTX ISA " + highest);
        return release + " as nvidia-smi's 'CUDA Version' shows it, for PTX ISA " + String.join(", ", perArch);
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

    /** The function for {@code module/entry}, resolved when its module loaded. */
    CUfunction function(String module, String entry) {
        CUfunction f = functions.get(key(module, entry));
        if (f == null) {
            if (!modules.containsKey(module)) {
                throw new IllegalArgumentException("no PTX module '" + module + "' (known: " + MODULES + ")");
            }
            throw new CudaException("no entry point '" + entry + "' in " + resource(module, arch).substring(1)
                    + " (its .entry lines were all resolved at load); " + REBUILD_HINT, 500);
        }
        return f;
    }

    private static String key(String module, String entry) {
        return module + "/" + entry;
    }

    /** What each module's load took, in {@link #MODULES} order. */
    List<ModuleLoad> loads() {
        return List.copyOf(loads);
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
