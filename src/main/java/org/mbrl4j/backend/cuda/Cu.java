package org.mbrl4j.backend.cuda;

import jcuda.driver.CUresult;

/**
 * The one place a CUresult becomes an exception (STYLE practice 15, llm.c's {@code cudaCheck}): every
 * driver call in this package is wrapped as {@code Cu.check(cuXxx(...), "cuXxx", op)}.
 */
final class Cu {
    private Cu() {}

    /** CUDA_ERROR_OUT_OF_MEMORY (cuda.h). */
    static final int ERROR_OUT_OF_MEMORY = 2;

    /**
     * Throws {@link CudaException} unless {@code result} is CUDA_SUCCESS.
     *
     * @param call the driver function, e.g. "cuLaunchKernel"
     * @param op   what this backend was doing, e.g. "launch binary_forward n=1000 nb=10"
     */
    static void check(int result, String call, String op) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new CudaException(call + " failed with " + name(result) + " (" + result + ") during " + op
                    + hint(result), result);
        }
    }

    /** The CUresult's name, e.g. CUDA_ERROR_ILLEGAL_ADDRESS. */
    static String name(int result) {
        return CUresult.stringFor(result);
    }

    private static String hint(int result) {
        return switch (result) {
            case 700, 714, 715, 716, 717, 718, 719 -> "; the error is sticky: the context is unusable and the process"
                    + " must restart. Re-run with -Dmbrl.cuda.syncEachLaunch=true to name the failing kernel, or under"
                    + " compute-sanitizer --tool memcheck";
            case 218, 222 -> "; the driver cannot compile this PTX: it needs " + PtxModules.driverRequirement()
                    + "; or rebuild the PTX with ./native-build.sh";
            case 701 -> "; the launch asks for more registers, threads or shared memory than a multiprocessor has";
            case 209 -> "; no kernel image for this GPU: the PTX targets sm_80/sm_90";
            default -> "";
        };
    }
}
