package org.mbrl4j.backend.cuda;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FFM bindings of the host emulator, {@code kernels/build/emu/libmbrl4j_emu.so} (built by
 * {@code ./native-build.sh} from kernels/*.cu and kernels/emu, see kernels/emu/README.md): kernel
 * launches, host memory standing in for device memory, and the registry of entry points. Loaded once
 * per JVM into the global arena. The path is {@code -Dmbrl.emu.library}, else
 * {@code kernels/build/emu/libmbrl4j_emu.so} under the working directory or one of its parents.
 */
final class EmulatorLibrary {
    static final String PROPERTY = "mbrl.emu.library";
    static final String RELATIVE_PATH = "kernels/build/emu/libmbrl4j_emu.so";
    /** Bytes of the buffer a failed launch writes its reason into. */
    private static final int ERROR_BYTES = 2048;

    private static EmulatorLibrary instance;

    final Path path;
    private final MethodHandle launch;
    private final MethodHandle alloc;
    private final MethodHandle free;
    private final MethodHandle fill32;
    private final MethodHandle cvtTf32;
    /** Entry point name → the byte size of each argument, in registration order. */
    final Map<String, int[]> entries;

    private EmulatorLibrary(Path path, SymbolLookup lib) {
        this.path = path;
        Linker linker = Linker.nativeLinker();
        ValueLayout i32 = ValueLayout.JAVA_INT;
        ValueLayout ptr = ValueLayout.ADDRESS;
        this.launch = linker.downcallHandle(symbol(lib, "emu_launch"), FunctionDescriptor.of(i32, ptr, i32, i32, i32, i32, i32,
                i32, i32, ptr, i32, ptr, ptr, i32));
        this.alloc = linker.downcallHandle(symbol(lib, "emu_alloc"), FunctionDescriptor.of(ptr, ValueLayout.JAVA_LONG));
        this.free = linker.downcallHandle(symbol(lib, "emu_free"), FunctionDescriptor.ofVoid(ptr));
        this.fill32 = linker.downcallHandle(symbol(lib, "emu_fill32"), FunctionDescriptor.ofVoid(ptr,
                ValueLayout.JAVA_LONG, i32));
        this.cvtTf32 = linker.downcallHandle(symbol(lib, "emu_cvt_rna_tf32"), FunctionDescriptor.of(i32, i32));
        this.entries = readRegistry(linker, lib);
    }

    /** The loaded library; throws {@link CudaUnavailableException} naming every path tried when it is missing. */
    static synchronized EmulatorLibrary load() {
        if (instance == null) {
            List<Path> tried = new ArrayList<>();
            Path found = locate(tried);
            if (found == null) {
                throw new CudaUnavailableException("device=cuda-emulated: the CUDA host emulator library was not found"
                        + " (tried " + tried + "); build it with ./native-build.sh (needs g++, not nvcc), or point"
                        + " -D" + PROPERTY + " at libmbrl4j_emu.so");
            }
            instance = new EmulatorLibrary(found, SymbolLookup.libraryLookup(found, Arena.global()));
        }
        return instance;
    }

    private static Path locate(List<Path> tried) {
        String explicit = System.getProperty(PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit).toAbsolutePath();
            tried.add(p);
            return Files.isRegularFile(p) ? p : null;
        }
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve(RELATIVE_PATH);
            tried.add(p);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static MemorySegment symbol(SymbolLookup lib, String name) {
        return lib.find(name).orElseThrow(() -> new CudaUnavailableException("the emulator library lacks " + name
                + "; rebuild it with ./native-build.sh"));
    }

    @SuppressWarnings("restricted")
    private static Map<String, int[]> readRegistry(Linker linker, SymbolLookup lib) {
        ValueLayout i32 = ValueLayout.JAVA_INT;
        MethodHandle count = linker.downcallHandle(symbol(lib, "emu_entry_count"), FunctionDescriptor.of(i32));
        MethodHandle name = linker.downcallHandle(symbol(lib, "emu_entry_name"), FunctionDescriptor.of(ValueLayout.ADDRESS,
                i32));
        MethodHandle arity = linker.downcallHandle(symbol(lib, "emu_entry_arity"), FunctionDescriptor.of(i32, i32));
        MethodHandle argSize = linker.downcallHandle(symbol(lib, "emu_entry_arg_size"), FunctionDescriptor.of(i32, i32,
                i32));
        MethodHandle error = linker.downcallHandle(symbol(lib, "emu_registry_error"), FunctionDescriptor.of(
                ValueLayout.ADDRESS));
        try {
            String problem = ((MemorySegment) error.invokeExact()).reinterpret(4096).getString(0);
            if (!problem.isEmpty()) {
                throw new IllegalStateException("the emulator library's kernel registry is broken: " + problem);
            }
            Map<String, int[]> out = new LinkedHashMap<>();
            int n = (int) count.invokeExact();
            for (int i = 0; i < n; i++) {
                String entry = ((MemorySegment) name.invokeExact(i)).reinterpret(4096).getString(0);
                int[] sizes = new int[(int) arity.invokeExact(i)];
                for (int a = 0; a < sizes.length; a++) {
                    sizes[a] = (int) argSize.invokeExact(i, a);
                }
                out.put(entry, sizes);
            }
            return Map.copyOf(out);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("reading the emulator's kernel registry", t);
        }
    }

    /**
     * Runs a whole grid now. Returns 0 or a CUresult code with the reason in {@code reason[0]}.
     *
     * @param params kernelParams as cuLaunchKernel takes them: one pointer per argument to its value
     * @param sizes  the byte size of each argument as marshalled, checked against the kernel's signature
     */
    int launch(MemorySegment entry, Dim3 grid, Dim3 block, int sharedBytes, MemorySegment params, int nparams,
            MemorySegment sizes, String[] reason) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment err = arena.allocate(ERROR_BYTES);
            int rc = (int) launch.invokeExact(entry, grid.x(), grid.y(), grid.z(), block.x(), block.y(), block.z(),
                    sharedBytes, params, nparams, sizes, err, ERROR_BYTES);
            if (rc != 0) {
                reason[0] = err.getString(0);
            }
            return rc;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("emu_launch", t);
        }
    }

    /** A new block of host memory (0xFF-filled, 256-byte aligned), or 0 when malloc fails. */
    long alloc(long bytes) {
        try {
            return ((MemorySegment) alloc.invokeExact(bytes)).address();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("emu_alloc", t);
        }
    }

    void free(long address) {
        try {
            free.invokeExact(MemorySegment.ofAddress(address));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("emu_free", t);
        }
    }

    void fill32(long address, long count, int value) {
        try {
            fill32.invokeExact(MemorySegment.ofAddress(address), count, value);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("emu_fill32", t);
        }
    }

    /** The emulated cvt.rna.tf32.f32 of a float's bits (the GEMM kernels' rounding to TF32). */
    int cvtRnaTf32(int bits) {
        try {
            return (int) cvtTf32.invokeExact(bits);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("emu_cvt_rna_tf32", t);
        }
    }
}
