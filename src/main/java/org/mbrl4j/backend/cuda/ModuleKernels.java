package org.mbrl4j.backend.cuda;

import java.util.List;

/** The entry points of one PTX module (kernels/&lt;module&gt;.cu), launched through a {@link DeviceQueue}. */
record ModuleKernels(DeviceQueue queue, String module) {

    /** Enqueues {@code entry} with the arguments in its extern "C" signature order. */
    void launch(String entry, Dim3 grid, Dim3 block, int sharedBytes, String shapes, KernelArg... args) {
        queue.launch(new KernelCall(module, entry, grid, block, sharedBytes, List.of(args), shapes));
    }

    /** The common case: a 1-D block of {@code threads}, no dynamic shared memory. */
    void launch(String entry, Dim3 grid, int threads, String shapes, KernelArg... args) {
        launch(entry, grid, Dim3.of(threads), 0, shapes, args);
    }
}
