package org.mbrl4j.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mbrl4j.backend.ProfilerRange;

/**
 * NVTX ranges through FFM, so Nsight Systems and Nsight Compute show named regions:
 * <pre>{@code try (var r = Nvtx.range("plan")) { ... } }</pre>
 * The first call looks for {@code libnvtx3interop.so.1} (CUDA 12.9+ and 13.x, also in the pip
 * {@code nvidia-nvtx} wheel), then the legacy {@code libnvToolsExt.so.1} (CUDA ≤ 12.8); with neither,
 * or with {@code -Dmbrl.nvtx=false}, every range is a no-op. Without a profiler attached the library
 * calls are cheap no-ops too (they return -2). Push/pop are linked as critical downcalls
 * (trivial, never call back into Java). {@link #status()} says which library was found.
 */
public final class Nvtx {
    private Nvtx() {}

    /** An open range; closing it pops the range. A {@link ProfilerRange}, so the backend returns it as is. */
    public interface Range extends ProfilerRange {}

    /** The no-op range. */
    public static final Range NONE = () -> {};

    /** Library names in probe order. */
    static final String[] LIBRARIES = {"libnvtx3interop.so.1", "libnvToolsExt.so.1"};

    /** Opens a range named {@code name} (a push now, a pop at close). */
    public static Range range(String name) {
        Binding b = Holder.BINDING;
        if (b == null) {
            return NONE;
        }
        b.push(name);
        return b.pop;
    }

    /** "libnvtx3interop.so.1" (or the legacy name) when bound, else why ranges are no-ops. */
    public static String status() {
        return Holder.STATUS;
    }

    /** Lazily bound on first use (class initialization of the holder), never at backend load. */
    private static final class Holder {
        static final Binding BINDING;
        static final String STATUS;

        static {
            Binding bound = null;
            String status;
            if ("false".equals(System.getProperty("mbrl.nvtx"))) {
                status = "disabled by -Dmbrl.nvtx=false";
            } else {
                status = "no NVTX library found (" + String.join(", ", LIBRARIES) + "; searched by the dynamic linker:"
                        + " LD_LIBRARY_PATH and the ldconfig cache): ranges are no-ops";
                for (String lib : LIBRARIES) {
                    bound = Binding.load(lib);
                    if (bound != null) {
                        status = lib;
                        break;
                    }
                }
            }
            BINDING = bound;
            STATUS = status;
        }
    }

    private static final class Binding {
        private final MethodHandle push;
        private final MethodHandle popHandle;
        /** Range names as C strings; few and process-lived, hence the global arena. */
        private final Map<String, MemorySegment> names = new ConcurrentHashMap<>();
        final Range pop = this::pop;

        private Binding(MethodHandle push, MethodHandle pop) {
            this.push = push;
            this.popHandle = pop;
        }

        /** The binding, or null when the library or its symbols are missing. */
        @SuppressWarnings("restricted")
        static Binding load(String library) {
            try {
                // Arena.global(): the library stays loaded for the process, as NVTX's injection expects
                SymbolLookup lib = SymbolLookup.libraryLookup(library, Arena.global());
                Linker linker = Linker.nativeLinker();
                Linker.Option critical = Linker.Option.critical(false);
                MemorySegment pushA = lib.find("nvtxRangePushA").orElse(null);
                MemorySegment pop = lib.find("nvtxRangePop").orElse(null);
                if (pushA == null || pop == null) {
                    return null;
                }
                FunctionDescriptor pushSignature = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS);
                return new Binding(linker.downcallHandle(pushA, pushSignature, critical),
                        linker.downcallHandle(pop, FunctionDescriptor.of(ValueLayout.JAVA_INT), critical));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        void push(String name) {
            MemorySegment c = names.computeIfAbsent(name, n -> Arena.global().allocateFrom(n));
            try {
                int ignored = (int) push.invokeExact(c);
            } catch (Throwable e) {
                throw new IllegalStateException("nvtxRangePushA failed", e);
            }
        }

        void pop() {
            try {
                int ignored = (int) popHandle.invokeExact();
            } catch (Throwable e) {
                throw new IllegalStateException("nvtxRangePop failed", e);
            }
        }
    }
}
