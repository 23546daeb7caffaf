package org.mbrl4j.env.mujoco;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * FFM bindings of the MuJoCo shim, {@code kernels/build/mujoco/libmbrl4j_mujoco.so} (built by
 * {@code ./native-build.sh} from {@code native/mujoco/mbrl4j_mujoco.c}), which links Debian's
 * {@code libmujoco.so.2.2.2}. Loaded once per JVM into the global arena. The shim's path is
 * {@code -Dmbrl.mujoco.shim}, else {@value #RELATIVE_PATH} under the working directory or one of its
 * parents, else under the directory of these classes (the jar's) or one of its parents. {@link #load} checks that the loaded MuJoCo is 2.2.2, the version the shim was built for.
 */
final class MujocoLibrary {
    static final String PROPERTY = "mbrl.mujoco.shim";
    static final String RELATIVE_PATH = "kernels/build/mujoco/libmbrl4j_mujoco.so";
    static final String MUJOCO_SONAME = "libmujoco.so.2.2.2";
    static final int EXPECTED_VERSION = 222;
    static final String INSTALL_HINT = "install MuJoCo with scripts/install-mujoco.sh (as root: apt-get update &&"
            + " apt-get install -y libmujoco-dev), then build the shim with ./native-build.sh";
    /** Where Debian and common installs put shared libraries, besides $LD_LIBRARY_PATH. */
    private static final List<String> SYSTEM_LIB_DIRS = List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/usr/lib", "/usr/local/lib", "/lib/x86_64-linux-gnu");

    private static MujocoLibrary instance;
    private static String failure;

    final Path path;
    final MethodHandle load;
    final MethodHandle free;
    final MethodHandle sizes;
    final MethodHandle timestep;
    final MethodHandle ncon;
    final MethodHandle joint;
    final MethodHandle addReadout;
    final MethodHandle get;
    final MethodHandle set;
    final MethodHandle reset;
    final MethodHandle forward;
    final MethodHandle step;
    final MethodHandle raiseError;
    final MethodHandle rendererCreate;
    final MethodHandle rendererRender;
    final MethodHandle rendererFree;
    final MethodHandle rendererLibrary;
    final MethodHandle eglProbe;
    final MethodHandle camera;

    private MujocoLibrary(Path path, SymbolLookup lib) {
        this.path = path;
        Linker linker = Linker.nativeLinker();
        ValueLayout i32 = ValueLayout.JAVA_INT;
        ValueLayout f64 = ValueLayout.JAVA_DOUBLE;
        ValueLayout ptr = ValueLayout.ADDRESS;
        this.load = linker.downcallHandle(symbol(lib, "mbrl_mj_load"), FunctionDescriptor.of(i32, ptr, ptr, ptr, i32));
        this.free = linker.downcallHandle(symbol(lib, "mbrl_mj_free"), FunctionDescriptor.ofVoid(ptr));
        this.sizes = linker.downcallHandle(symbol(lib, "mbrl_mj_sizes"), FunctionDescriptor.ofVoid(ptr, ptr));
        this.timestep = linker.downcallHandle(symbol(lib, "mbrl_mj_timestep"), FunctionDescriptor.of(f64, ptr));
        this.ncon = linker.downcallHandle(symbol(lib, "mbrl_mj_ncon"), FunctionDescriptor.of(i32, ptr));
        this.joint = linker.downcallHandle(symbol(lib, "mbrl_mj_joint"), FunctionDescriptor.of(ptr, ptr, i32, ptr, ptr));
        this.addReadout = linker.downcallHandle(symbol(lib, "mbrl_mj_add_readout"),
                FunctionDescriptor.of(i32, ptr, i32, ptr, i32, ptr, i32));
        this.get = linker.downcallHandle(symbol(lib, "mbrl_mj_get"), FunctionDescriptor.of(i32, ptr, i32, ptr, i32, ptr,
                ptr, i32));
        this.set = linker.downcallHandle(symbol(lib, "mbrl_mj_set"), FunctionDescriptor.of(i32, ptr, i32, ptr, i32, f64,
                ptr, i32));
        this.reset = linker.downcallHandle(symbol(lib, "mbrl_mj_reset"), FunctionDescriptor.of(i32, ptr, ptr, i32));
        this.forward = linker.downcallHandle(symbol(lib, "mbrl_mj_forward"), FunctionDescriptor.of(i32, ptr, ptr, ptr,
                i32));
        this.step = linker.downcallHandle(symbol(lib, "mbrl_mj_step"), FunctionDescriptor.of(i32, ptr, ptr, i32, ptr, ptr,
                i32));
        this.rendererCreate = linker.downcallHandle(symbol(lib, "mbrl_mjr_create"), FunctionDescriptor.of(i32, ptr, i32,
                i32, i32, ptr, ptr, i32));
        this.rendererRender = linker.downcallHandle(symbol(lib, "mbrl_mjr_render"), FunctionDescriptor.of(i32, ptr, ptr,
                i32, ptr, ptr, i32));
        this.rendererFree = linker.downcallHandle(symbol(lib, "mbrl_mjr_free"), FunctionDescriptor.ofVoid(ptr));
        this.rendererLibrary = linker.downcallHandle(symbol(lib, "mbrl_mjr_library"), FunctionDescriptor.of(ptr));
        this.eglProbe = linker.downcallHandle(symbol(lib, "mbrl_gl_probe_egl"), FunctionDescriptor.of(i32, ptr, i32));
        this.camera = linker.downcallHandle(symbol(lib, "mbrl_mj_camera"), FunctionDescriptor.of(i32, ptr, ptr));
        this.raiseError = linker.downcallHandle(symbol(lib, "mbrl_mj_raise_error"), FunctionDescriptor.of(i32, ptr, ptr,
                i32));
    }

    /**
     * The loaded shim.
     *
     * @throws IllegalStateException naming every path searched (for the shim and for MuJoCo) and how to
     *     install, when either is missing or MuJoCo is not 2.2.2
     */
    static synchronized MujocoLibrary load() {
        if (instance == null && failure == null) {
            try {
                instance = open(System.getProperty(PROPERTY));
            } catch (IllegalStateException e) {
                failure = e.getMessage();
            }
        }
        if (instance == null) {
            throw new IllegalStateException(failure);
        }
        return instance;
    }

    /** Loads the shim at {@code shimPath} (null: search the default places); throws as {@link #load} does. */
    static MujocoLibrary open(String shimPath) {
        List<Path> triedMujoco = new ArrayList<>();
        Path mujoco = locateMujoco(triedMujoco);
        List<Path> triedShim = new ArrayList<>();
        Path shim = locateShim(shimPath, triedShim);
        if (mujoco == null || shim == null) {
            StringBuilder why = new StringBuilder();
            if (mujoco == null) {
                why.append(MUJOCO_SONAME).append(" not found (searched ").append(triedMujoco).append(")");
            }
            if (shim == null) {
                why.append(why.isEmpty() ? "" : "; ").append("the MuJoCo shim libmbrl4j_mujoco.so not found (searched ")
                        .append(triedShim).append(", or -D").append(PROPERTY).append("=PATH)");
            }
            throw new IllegalStateException(why + ": " + INSTALL_HINT);
        }
        SymbolLookup lib;
        try {
            lib = SymbolLookup.libraryLookup(shim, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cannot load the MuJoCo shim " + shim + " (with " + mujoco + "): "
                    + e.getMessage() + "; " + INSTALL_HINT, e);
        }
        MujocoLibrary l = new MujocoLibrary(shim, lib);
        int version = l.version(lib, "mbrl_mj_version");
        int header = l.version(lib, "mbrl_mj_header_version");
        if (version != EXPECTED_VERSION || header != EXPECTED_VERSION) {
            throw new IllegalStateException("the MuJoCo shim " + shim + " runs MuJoCo " + version + " built against headers "
                    + header + "; mbrl4j's models and shim need 2.2.2 (" + EXPECTED_VERSION + "): " + INSTALL_HINT);
        }
        return l;
    }

    private int version(SymbolLookup lib, String fn) {
        MethodHandle h = Linker.nativeLinker().downcallHandle(symbol(lib, fn), FunctionDescriptor.of(ValueLayout.JAVA_INT));
        try {
            return (int) h.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(fn, t);
        }
    }

    private static Path locateMujoco(List<Path> tried) {
        List<String> dirs = new ArrayList<>();
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            for (String d : ld.split(":")) {
                if (!d.isBlank()) {
                    dirs.add(d);
                }
            }
        }
        dirs.addAll(SYSTEM_LIB_DIRS);
        for (String d : dirs) {
            Path p = Path.of(d, MUJOCO_SONAME);
            tried.add(p);
            if (Files.exists(p)) {
                return p;
            }
        }
        return null;
    }

    private static Path locateShim(String explicit, List<Path> tried) {
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit).toAbsolutePath();
            tried.add(p);
            return Files.isRegularFile(p) ? p : null;
        }
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of(System.getProperty("user.dir")).toAbsolutePath());
        codeLocation().ifPresent(starts::add);
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path p = dir.resolve(RELATIVE_PATH);
                if (tried.contains(p)) {
                    continue;
                }
                tried.add(p);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    /** Where these classes were loaded from (target/classes or target/mbrl4j.jar), so that ./mbrl works from any directory. */
    private static java.util.Optional<Path> codeLocation() {
        try {
            var source = MujocoLibrary.class.getProtectionDomain().getCodeSource();
            return source == null ? java.util.Optional.empty()
                    : java.util.Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath());
        } catch (java.net.URISyntaxException | SecurityException | IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    private static MemorySegment symbol(SymbolLookup lib, String name) {
        return lib.find(name).orElseThrow(() -> new IllegalStateException("the MuJoCo shim lacks " + name
                + "; rebuild it with ./native-build.sh"));
    }
}
