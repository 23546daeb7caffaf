package org.mbrl4j.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The few cuBLAS entry points the GEMM yardstick needs, bound through FFM to whichever of
 * {@code libcublas.so.13} / {@code libcublas.so.12} loads (JCublas's natives are linked to cuBLAS 12's
 * symbol versions and fail on CUDA 13). One handle on the backend's stream; math mode TF32 tensor
 * ops or pedantic FP32 by matmul_precision; scalars passed in host pointer mode.
 */
final class Cublas implements AutoCloseable {
    static final List<String> LIBRARIES = List.of("libcublas.so.13", "libcublas.so.12");
    /** cublasOperation_t. */
    static final int OP_N = 0;
    static final int OP_T = 1;
    /** cublasMath_t: CUBLAS_PEDANTIC_MATH keeps FP32 exact; CUBLAS_TF32_TENSOR_OP_MATH allows TF32. */
    static final int PEDANTIC_MATH = 2;
    static final int TF32_TENSOR_OP_MATH = 3;

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final java.lang.foreign.AddressLayout PTR = ValueLayout.ADDRESS;

    /** Holds the library, the handle and the alpha/beta scalars; closed with the backend. */
    private final Arena arena = Arena.ofShared();
    private final MethodHandle sgemm;
    private final MethodHandle sgemmStridedBatched;
    private final MethodHandle destroy;
    private final MethodHandle statusName;
    private final MemorySegment handle;
    private final MemorySegment alpha;
    private final MemorySegment beta;
    final String location;
    final int version;

    @SuppressWarnings("restricted")
    Cublas(long stream, boolean tf32) {
        List<String> tried = new ArrayList<>();
        NativeLibrarySearch.Found found = NativeLibrarySearch.find("mbrl.cublas.library", LIBRARIES, arena, tried)
                .orElseThrow(() -> {
                    arena.close();
                    return new CudaUnavailableException("cuBLAS not found for -Dmbrl.cuda.gemm=cublas; tried:\n  "
                            + String.join("\n  ", tried) + "\nFix: put the folder holding libcublas.so.13 (pip"
                            + " nvidia-cublas: site-packages/nvidia/cu13/lib) on LD_LIBRARY_PATH, or pass"
                            + " -Dmbrl.cublas.library=/path/to/libcublas.so.13; or use the default kernel GEMM");
                });
        location = found.location();
        SymbolLookup lib = found.lookup();
        Linker linker = Linker.nativeLinker();
        statusName = bind(linker, lib, "cublasGetStatusName", FunctionDescriptor.of(PTR, INT));
        MethodHandle create = bind(linker, lib, "cublasCreate_v2", FunctionDescriptor.of(INT, PTR));
        MethodHandle setStream = bind(linker, lib, "cublasSetStream_v2", FunctionDescriptor.of(INT, PTR, PTR));
        MethodHandle setMath = bind(linker, lib, "cublasSetMathMode", FunctionDescriptor.of(INT, PTR, INT));
        MethodHandle getVersion = bind(linker, lib, "cublasGetVersion_v2", FunctionDescriptor.of(INT, PTR, PTR));
        destroy = bind(linker, lib, "cublasDestroy_v2", FunctionDescriptor.of(INT, PTR));
        sgemm = bind(linker, lib, "cublasSgemm_v2", FunctionDescriptor.of(INT, PTR, INT, INT, INT, INT, INT, PTR, PTR, INT,
                PTR, INT, PTR, PTR, INT));
        sgemmStridedBatched = bind(linker, lib, "cublasSgemmStridedBatched", FunctionDescriptor.of(INT, PTR, INT, INT, INT,
                INT, INT, PTR, PTR, INT, LONG, PTR, INT, LONG, PTR, PTR, INT, LONG, INT));
        try {
            MemorySegment handleOut = arena.allocate(PTR);
            check((int) create.invokeExact(handleOut), "cublasCreate_v2");
            handle = handleOut.get(PTR, 0);
            check((int) setStream.invokeExact(handle, MemorySegment.ofAddress(stream)), "cublasSetStream_v2");
            check((int) setMath.invokeExact(handle, tf32 ? TF32_TENSOR_OP_MATH : PEDANTIC_MATH), "cublasSetMathMode");
            MemorySegment v = arena.allocate(INT);
            check((int) getVersion.invokeExact(handle, v), "cublasGetVersion_v2");
            version = v.get(INT, 0);
        } catch (CudaException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cuBLAS initialization through FFM failed", e);
        }
        alpha = arena.allocate(ValueLayout.JAVA_FLOAT);
        beta = arena.allocate(ValueLayout.JAVA_FLOAT);
    }

    @SuppressWarnings("restricted")
    private static MethodHandle bind(Linker linker, SymbolLookup lib, String name, FunctionDescriptor fd) {
        MemorySegment symbol = lib.find(name).orElseThrow(() -> new CudaUnavailableException("cuBLAS library does not"
                + " export " + name + "; it needs cuBLAS 12 or 13"));
        return linker.downcallHandle(symbol, fd);
    }

    /** Column-major sgemm: C (m,n) = alpha·op(A)·op(B) + beta·C, ld* in elements. */
    void sgemm(int opA, int opB, int m, int n, int k, float a, long pa, int lda, long pb, int ldb, float b, long pc,
            int ldc) {
        alpha.set(ValueLayout.JAVA_FLOAT, 0, a);
        beta.set(ValueLayout.JAVA_FLOAT, 0, b);
        try {
            check((int) sgemm.invokeExact(handle, opA, opB, m, n, k, alpha, MemorySegment.ofAddress(pa), lda,
                    MemorySegment.ofAddress(pb), ldb, beta, MemorySegment.ofAddress(pc), ldc), "cublasSgemm_v2");
        } catch (CudaException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cublasSgemm_v2 downcall failed", e);
        }
    }

    /** Column-major strided-batched sgemm. */
    void sgemmStridedBatched(int opA, int opB, int m, int n, int k, float a, long pa, int lda, long strideA, long pb,
            int ldb, long strideB, float b, long pc, int ldc, long strideC, int batch) {
        alpha.set(ValueLayout.JAVA_FLOAT, 0, a);
        beta.set(ValueLayout.JAVA_FLOAT, 0, b);
        try {
            check((int) sgemmStridedBatched.invokeExact(handle, opA, opB, m, n, k, alpha, MemorySegment.ofAddress(pa), lda,
                    strideA, MemorySegment.ofAddress(pb), ldb, strideB, beta, MemorySegment.ofAddress(pc), ldc, strideC,
                    batch), "cublasSgemmStridedBatched");
        } catch (CudaException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cublasSgemmStridedBatched downcall failed", e);
        }
    }

    @SuppressWarnings("restricted")
    private void check(int status, String call) {
        if (status != 0) {
            String name;
            try {
                name = ((MemorySegment) statusName.invokeExact(status)).reinterpret(128).getString(0);
            } catch (Throwable e) {
                name = "cublasStatus " + status;
            }
            throw new CudaException(call + " failed with " + name + " (" + status + ") in " + location, status);
        }
    }

    @Override
    public void close() {
        try {
            check((int) destroy.invokeExact(handle), "cublasDestroy_v2");
        } catch (CudaException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cublasDestroy_v2 downcall failed", e);
        } finally {
            arena.close();
        }
    }
}
