package org.mbrl4j.config;

/**
 * Where and how the numerical work runs.
 *
 * @param device           auto (CUDA when present), cpu or cuda
 * @param matmulPrecision  GEMM precision on CUDA
 * @param evalBatch        evaluation episodes planned together, at most; 0: all of them on CUDA, one at a
 *                         time on the CPU (docs/tdmpc2.md#evaluation)
 * @param cudaGraphs       on a backend with graph capture (CUDA, real or emulated): TD-MPC2 captures one
 *                         plan() per mode and its update() as CUDA graphs after an eager warm-up and replays
 *                         them; no effect on the CPU (docs/planner.md#cuda-graphs)
 * @param cpuFastMath      on the CPU backend: the side reductions (LayerNorm statistics, the two-hot heads'
 *                         softmax sums, SimNorm) in float vector lanes within the bounds of
 *                         docs/cpu-fast-math.md instead of float64 (the results' bits change); ignored on CUDA
 */
public record ExecutionConfig(DeviceChoice device, MatmulPrecision matmulPrecision, int evalBatch, boolean cudaGraphs,
        boolean cpuFastMath) {

    /** Evaluation episodes planned together on {@code device} for an evaluation of {@code episodes}. */
    public int evalBatchFor(org.mbrl4j.tensor.Device on, int episodes) {
        if (evalBatch > 0) {
            return Math.min(evalBatch, episodes);
        }
        return on == org.mbrl4j.tensor.Device.CUDA ? episodes : 1;
    }

    public ExecutionConfig {
        var c = new Checks();
        c.notNull("device", device, Choice.allowed(DeviceChoice.class));
        c.notNull("matmul_precision", matmulPrecision, Choice.allowed(MatmulPrecision.class));
        c.atLeast("eval_batch", evalBatch, 0);
        c.throwIfAny();
    }
}
