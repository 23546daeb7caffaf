package org.mbrl4j.backend.cuda.parity;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.cpu.CpuBackend;

/**
 * Runs every parity suite with a second CPU backend as the "device", on every build: it keeps the
 * suites themselves honest (shapes valid, outputs poisoned and then written, tolerances computable)
 * so a GPU session spends its time on the kernels, not on the tests. CPU vs CPU agrees exactly, so
 * any failure here is a bug in a suite.
 */
class CudaParitySelfTest {
    static final CpuBackend OTHER = new CpuBackend();

    @AfterAll
    static void close() {
        OTHER.close();
    }

    @Nested
    class Pointwise extends PointwiseParityCases {
        @Override
        protected Backend device() {
            return OTHER;
        }
    }

    @Nested
    class Reduce extends ReduceParityCases {
        @Override
        protected Backend device() {
            return OTHER;
        }
    }

    @Nested
    class Layout extends LayoutParityCases {
        @Override
        protected Backend device() {
            return OTHER;
        }
    }

    @Nested
    class Norm extends NormParityCases {
        @Override
        protected Backend device() {
            return OTHER;
        }
    }

    @Nested
    class Conv extends ConvParityCases {
        @Override
        protected Backend device() {
            return OTHER;
        }
    }

    @Nested
    class Recurrent extends RecurrentParityCases {
        @Override
        protected Backend device() {
            return OTHER;
        }
    }

    @Nested
    class Pixel extends PixelParityCases {
        @Override
        protected Backend device() {
            return OTHER;
        }
    }

    @Nested
    class Loss extends LossParityCases {
        @Override
        protected Backend device() {
            return OTHER;
        }
    }

    @Nested
    class Distribution extends DistributionParityCases {
        @Override
        protected Backend device() {
            return OTHER;
        }
    }

    @Nested
    class Random extends RandomParityCases {
        @Override
        protected Backend device() {
            return OTHER;
        }
    }

    @Nested
    class Select extends SelectParityCases {
        @Override
        protected Backend device() {
            return OTHER;
        }
    }

    @Nested
    class Optim extends OptimParityCases {
        @Override
        protected Backend device() {
            return OTHER;
        }
    }

    @Nested
    class Dense extends DenseParityCases {
        @Override
        protected Backend device() {
            return OTHER;
        }
    }

    @Nested
    class FusedLayer extends FusedLayerParityCases {
        @Override
        protected Backend device() {
            return OTHER;
        }
    }
}
