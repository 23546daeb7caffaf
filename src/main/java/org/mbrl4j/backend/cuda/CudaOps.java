package org.mbrl4j.backend.cuda;

/**
 * The op-family launchers of one backend, wired to one {@link DeviceQueue}. {@link CudaBackend}
 * builds it on the real stream; the CPU-side validation tests build it on a recording queue.
 */
final class CudaOps {
    final PhiloxKeys keys;
    final CudaDenseOps dense;
    final CudaConvOps conv;
    final CudaRecurrentOps recurrent;
    final CudaPointwiseOps pointwise;
    final CudaReduceOps reduce;
    final CudaLayoutOps layout;
    final CudaNormOps norm;
    final CudaLossOps loss;
    final CudaDistributionOps distribution;
    final CudaRandomOps random;
    final CudaPixelOps pixel;
    final CudaSelectOps select;
    final CudaOptimOps optim;

    CudaOps(DeviceQueue queue, GemmProvider gemm, KernelGemm.GemmVariant variant) {
        keys = new PhiloxKeys(queue);
        dense = new CudaDenseOps(queue, gemm, variant, keys);
        conv = new CudaConvOps(queue);
        recurrent = new CudaRecurrentOps(queue);
        pointwise = new CudaPointwiseOps(queue);
        reduce = new CudaReduceOps(queue);
        layout = new CudaLayoutOps(queue);
        norm = new CudaNormOps(queue);
        loss = new CudaLossOps(queue);
        distribution = new CudaDistributionOps(queue);
        random = new CudaRandomOps(queue, keys);
        pixel = new CudaPixelOps(queue, keys);
        select = new CudaSelectOps(queue);
        optim = new CudaOptimOps(queue);
    }
}
