/**
 * The CUDA backend: every op of {@link org.mbrl4j.backend.Backend} runs a hand-written kernel from
 * {@code kernels/*.cu} (compiled to PTX by {@code ./native-build.sh}, packaged under {@code /ptx} in
 * the jar) through JCuda's driver API. The Java CPU backend is the definition of every op; the
 * parity suites compare the two.
 *
 * <h2>Layering (data flows down)</h2>
 * <pre>
 *   CudaBackend            Backend SPI: allocate/free, fill, copy, upload/download, synchronize, op families
 *     Cuda*Ops             one launcher per op family: validate, then build KernelCalls (Checks, Grids)
 *       ModuleKernels      (module, entry) + geometry + typed args (KernelArg) → KernelCall
 *         DeviceQueue      the one seam: launch, fill32, writeWords, table, scratch, onReplay, capturing
 *           StreamQueue    JCuda: cuLaunchKernel on one stream, tables/scratch at fixed addresses
 *             PtxModules   cuModuleLoadDataEx per module (sm_90 for 9.x, sm_80 for 8.x), JIT log on error
 *             DeviceAllocator  caching pool over cuMemAlloc (size classes; no cuMemAlloc in steady state)
 *             CudaContext  cuInit, device 0, primary context, stream; bound per thread on first use
 *   GemmProvider           KernelGemm (gemm.cu, tf32 | simt) or CublasGemm (cuBLAS 13/12 via FFM)
 *   PhiloxKeys, DeviceKey, DeviceCounter   device-resident scalars for captured graphs
 *   CudaGraphs, CudaGraph  capture on the stream, instantiate, replay
 *   Nvtx, Cublas, CudaDriverProbe          FFM bindings (no JCuda), each failing soft or with a clear message
 * </pre>
 * Nothing touches CUDA at class load: {@link org.mbrl4j.backend.cuda.CudaBackend}'s constructor probes
 * {@code libcuda.so.1} through FFM first (JCuda's own loader would fail inside a static initializer)
 * and throws {@link org.mbrl4j.backend.cuda.CudaUnavailableException} naming what was searched and
 * {@code device=cpu}. {@link org.mbrl4j.backend.factory.Backends} picks the backend from the {@code device}
 * key and says why in one line.
 *
 * <h2>Where shapes are validated</h2>
 * In the launchers (STYLE practice 5), before anything is enqueued. Each {@code Cuda*Ops} method first
 * calls its family's contract in {@code org.mbrl4j.backend} ({@code DenseContract}, ...), the same
 * call the CPU backend makes, so shape, dtype, argument and overlap rules and their messages are
 * written once. The launcher then adds only device rules: tensors in this backend's memory, int32
 * kernel dims, grid limits, shared memory against the device's opt-in limit, K >= 1 for the layer
 * GEMMs, and disjoint buffers where a kernel (its {@code __restrict__} pointers) needs them though the
 * op does not. All throw IllegalArgumentException naming the op, the argument, its value and the rule.
 * Kernels keep only a bounds guard. Two documented differences from the CPU backend, both because
 * index values live on the device and reading them would be an implicit copy: index-select and gather
 * indices are not range-checked (out of range: NaN in the forward, skipped in the backward), and
 * gather needs the index's shape equal to x's off the gathered axis. {@code matmul_precision=bf16}
 * has no kernel and fails at construction.
 *
 * <h2>CUDA graphs: the rules</h2>
 * {@link org.mbrl4j.backend.cuda.CudaGraphs#capture} records what a Runnable enqueues and returns a
 * {@link org.mbrl4j.backend.cuda.CudaGraph} to replay; the agent captures {@code plan()} and
 * {@code update()} once each.
 * <ol>
 *   <li><b>Fixed addresses.</b> A replay uses the addresses seen at capture. Every tensor the graph
 *       touches keeps its storage for the graph's life: persistent tensors, or StepArena tensors whose
 *       allocation sequence is identical every step (same shapes, same order, arena reset, never
 *       closed or re-sized while the graph lives). Inputs are uploaded into those fixed tensors before
 *       {@code launch()}. Slot tables and scratch buffers are never freed before close for this reason.</li>
 *   <li><b>Device scalars.</b> Kernel arguments are frozen at capture. Philox keys: bind
 *       {@code graphs().bindKey(seed, stream, counter)} before capture; a captured draw with
 *       {@code PhiloxKey(seed, stream, c)} reads the device key with offset {@code c - base}; end the
 *       captured step with {@code deviceKey.advance(blocksPerStep)}. Adam: bind
 *       {@code graphs().bindAdamStep(t)}, capture {@code adam(..., t)}, end with
 *       {@code counter.advance()}. The host mirrors ({@code current()}, {@code value()}) follow after
 *       each replay. The squared gradient norm stays on device (sumSquares → clipByGlobalNorm).
 *       Outside capture, keys and the step are written by value (stream-ordered), offset 0.</li>
 *   <li><b>Warm up first.</b> Run the function once eagerly before capturing: during capture,
 *       cuMemAlloc, new slot tables or scratch buffers, host copies (upload/download/writeWords) and
 *       synchronize throw IllegalStateException naming the call. Capture mode is GLOBAL.</li>
 * </ol>
 *
 * <h2>Running the gpu suite</h2>
 * Tests tagged {@code gpu} are excluded from the default run and FAIL (never skip) without a device:
 * <pre>
 *   mvn test -Dgroups=gpu -Dexcluded.groups=none            # on a machine with Java, Maven and a GPU
 *   scripts/bundle-gpu.sh                                    # here: dist/mbrl4j-gpu.tar.gz (&lt; 64 MiB)
 *   tar xzf mbrl4j-gpu.tar.gz -C /tmp &amp;&amp; /tmp/mbrl4j-gpu/gpu-check.sh [JMH args]   # on the GPU machine
 * </pre>
 * gpu-check.sh needs no Java or network there: it carries a jlink runtime, runs the gpu suite, the
 * CPU-side CUDA tests, compute-sanitizer memcheck over the parity suite when present and the JMH
 * benchmarks given (e.g. {@code CudaGemmBench -p mnk=4096x4096x4096 -f 1 -wi 2 -i 3}), writes logs under
 * {@code $OUT} and prints a summary table last. Debug switches: {@code -Dmbrl.cuda.syncEachLaunch=true}
 * (synchronize after each launch so a fault names its kernel), {@code -Dmbrl.nvtx.launches=true} (an
 * NVTX range per launch), {@code -Dmbrl.cuda.gemm=cublas} (cuBLAS for gemm), {@code -Dmbrl.parity.seed}
 * (replay a parity failure).
 *
 * <h2>Not yet run on a GPU (written and compiled without one)</h2>
 * Everything that executes device code or the driver: no CUDA device was available when this package
 * was written. Checked without a GPU: the launchers' validation, argument kinds and order against
 * every {@code extern "C"} signature, launch bounds, that every entry point is launched and present in
 * the PTX, the caching allocator's bookkeeping, the graph-scalar bookkeeping, backend choice without a
 * device, the parity suites' harness (CPU vs CPU), and the bundle (built, unpacked, its runtime's
 * java -version, the CPU-side suite, JMH forking). Waiting for a GPU:
 * <ol>
 *   <li>JCuda 12.6 on the R580 / CUDA 13 driver: cuInit, primary context, stream creation, module
 *       loading of the ISA 9.0 PTX with the JIT log buffers, cuLaunchKernel with the marshalled
 *       arguments, cuFuncSetAttribute for dynamic shared memory, memsets and async copies
 *       (pageable {@code writeWords}, pinned staging), event-guarded staging reuse.</li>
 *   <li>Numerical parity of every op family ({@code CudaParityGpuTest}: pointwise, reduce, layout,
 *       norm, loss, distribution, random, select, optim, dense in tf32 and fp32, fused layer,
 *       gemm through cuBLAS) and whether each header's tolerance holds at the tested sizes.</li>
 *   <li>Graph capture and replay with bound device keys and the Adam step
 *       ({@code CudaGraphsGpuTest}); that the forbidden-call errors leave the stream usable.</li>
 *   <li>Device SPI on hardware ({@code CudaBackendGpuTest}): transfers of odd sizes and offsets,
 *       chunked transfers above 64 MiB, no cuMemAlloc in steady state, the out-of-memory message,
 *       device=auto choosing CUDA.</li>
 *   <li>cuBLAS through FFM: finding libcublas.so.13 (toolkit or pip wheel), handle on our stream in
 *       the primary context, TF32/pedantic math modes, the row-major mapping; cuBLAS inside a graph
 *       capture (needs cublasSetWorkspace, not done) is untested.</li>
 *   <li>NVTX through libnvtx3interop.so.1 under nsys; compute-sanitizer memcheck over a JVM.</li>
 *   <li>{@code CudaGemmBench} timings and their fraction of peak; launch overhead of the JCuda path.</li>
 * </ol>
 */
package org.mbrl4j.backend.cuda;
