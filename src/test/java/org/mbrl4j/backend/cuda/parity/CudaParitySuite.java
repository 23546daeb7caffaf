package org.mbrl4j.backend.cuda.parity;

import org.junit.jupiter.api.Nested;
import org.mbrl4j.backend.Backend;

/**
 * Every parity family ({@link ParityCases}) bound to one CUDA device, written once: a subclass opens
 * the device's backends and names them in {@link #tf32()} and {@link #fp32()}; JUnit runs the
 * {@code @Nested} families inherited from here in each subclass ({@code CudaParityEmuTest} on the host
 * emulator, {@code CudaParityGpuTest} on a GPU).
 */
abstract class CudaParitySuite {

    /** The device backend with TF32 GEMMs, the one every family tests. */
    protected abstract Backend tf32();

    /** The device backend with FP32 (SIMT) GEMMs, for the tight dense and fused-layer checks. */
    protected abstract Backend fp32();

    @Nested
    class Pointwise extends PointwiseParityCases {
        @Override
        protected Backend device() {
            return tf32();
        }
    }

    @Nested
    class Pixel extends PixelParityCases {
        @Override
        protected Backend device() {
            return tf32();
        }
    }

    @Nested
    class Reduce extends ReduceParityCases {
        @Override
        protected Backend device() {
            return tf32();
        }
    }

    @Nested
    class Layout extends LayoutParityCases {
        @Override
        protected Backend device() {
            return tf32();
        }
    }

    @Nested
    class Norm extends NormParityCases {
        @Override
        protected Backend device() {
            return tf32();
        }
    }

    @Nested
    class Conv extends ConvParityCases {
        @Override
        protected Backend device() {
            return tf32();
        }
    }

    @Nested
    class Recurrent extends RecurrentParityCases {
        @Override
        protected Backend device() {
            return tf32();
        }
    }

    @Nested
    class Loss extends LossParityCases {
        @Override
        protected Backend device() {
            return tf32();
        }
    }

    @Nested
    class Distribution extends DistributionParityCases {
        @Override
        protected Backend device() {
            return tf32();
        }
    }

    @Nested
    class Random extends RandomParityCases {
        @Override
        protected Backend device() {
            return tf32();
        }
    }

    @Nested
    class Select extends SelectParityCases {
        @Override
        protected Backend device() {
            return tf32();
        }
    }

    @Nested
    class Optim extends OptimParityCases {
        @Override
        protected Backend device() {
            return tf32();
        }
    }

    @Nested
    class Dense extends DenseParityCases {
        @Override
        protected Backend device() {
            return tf32();
        }

        @Override
        protected Backend deviceFp32() {
            return fp32();
        }
    }

    /** Item 7: production shapes, guard bands around offset outputs, run-twice determinism. */
    @Nested
    class Production extends ProductionParityCases {
        @Override
        protected Backend device() {
            return tf32();
        }
    }

    @Nested
    class FusedLayer extends FusedLayerParityCases {
        @Override
        protected Backend device() {
            return tf32();
        }

        @Override
        protected Backend deviceFp32() {
            return fp32();
        }
    }
}
