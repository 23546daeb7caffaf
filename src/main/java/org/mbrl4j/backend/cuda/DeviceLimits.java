package org.mbrl4j.backend.cuda;

/**
 * Device properties the launchers size grids and shared memory by.
 *
 * @param name              e.g. "NVIDIA H100 80GB HBM3"
 * @param ccMajor           compute capability major (9 on H100/H200)
 * @param ccMinor           compute capability minor
 * @param multiprocessors   SM count (132 on H100 SXM)
 * @param sharedPerBlock    default dynamic + static shared memory per block without opt-in (48 KiB)
 * @param sharedPerBlockOptin the opt-in maximum (227 KiB on sm_90), after
 *                          CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES is raised
 * @param totalMemory       device memory in bytes
 */
public record DeviceLimits(String name, int ccMajor, int ccMinor, int multiprocessors, int sharedPerBlock,
        int sharedPerBlockOptin, long totalMemory) {

    /** "sm_90" for compute capability 9.x. */
    public String arch() {
        return "sm_" + ccMajor + ccMinor;
    }
}
