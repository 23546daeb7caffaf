/**
 * The CUDA backend: every op of {@link org.mbrl4j.backend.Backend} runs a hand-written kernel from
 * {@code kernels/*.cu} (compiled to PTX by {@code ./native-build.sh}, packaged under {@code /ptx} in
 * the jar) through JCuda's driver API, or, with {@code device=cuda-emulated}, the same kernels
 * compiled for the host by g++ ({@code kernels/emu}). The Java CPU backend is the definition of
 * every op; the parity suites compare the two.
 *
 * <h2>Layering (data flows down)</h2>
 * <pre>
 *   CudaBackend            Backend SPI: allocate/free, fill, copy, upload/download, synchronize, op families
 *     Cuda*Ops             one launcher per op family: validate, then build KernelCalls (Checks, Grids)
 *       ModuleKernels      (module, entry) + geometry + typed args (KernelArg) → KernelCall
 *         DeviceQueue      the launchers' seam: launch, fill32, writeWords, table, scratch, onReplay, capturing
 *           StreamQueue    tables/scratch at fixed addresses, capture state, over the backend's DeviceDriver
 *     DeviceAllocator      caching pool over the driver's raw allocation (size classes; no cuMemAlloc in steady state)
 *     DeviceDriver         the driver seam: memory, launch, fills, copies, synchronize, stream capture
 *       JCudaDevice        the GPU: CudaContext (cuInit, device 0, primary context, stream), PtxModules
 *                          (cuModuleLoadDataEx per module, sm_90 for 9.x, sm_80 for 8.x), pinned staging
 *       EmulatedDevice     device=cuda-emulated: EmulatorLibrary (FFM) over kernels/build/emu/libmbrl4j_emu.so,
 *                          the same kernels compiled by g++ (kernels/emu), host memory as device memory
 *   GemmProvider           KernelGemm (gemm.cu, tf32 | simt) or CublasGemm (cuBLAS 13/12 via FFM, GPU only)
 *   PhiloxKeys, DeviceKey, DeviceCounter   device-resident scalars for captured graphs
 *   CudaGraphs, CudaGraph  capture through the driver, instantiate, replay
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
 * {@link org.mbrl4j.backend.cuda.CudaGraph} to replay; agents reach it through
 * {@code Backend.graphCapture()} ({@code CudaGraphCapture}), and TD-MPC2 captures {@code plan()} once
 * per act mode (docs/planner.md#cuda-graphs).
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
 * <h2>What is verified where</h2>
 * <b>On the host emulator, in every build</b> ({@code CudaParityEmuTest}, {@code CudaGraphsEmuTest},
 * {@code CudaBackendEmuTest}, {@code EmulatorRuntimeTest}, {@code WholeAgentEmuParityTest},
 * {@code CapturedUpdateEmuTest};
 * kernels/emu/README.md): every kernel of kernels/*.cu, unmodified, run
 * through the shipped launchers and marshalling against the CPU backend on fresh random inputs, with
 * each header's tolerance: pointwise, reduce, layout, norm, conv, recurrent, pixel, loss, distribution,
 * random (bit-exact Philox draws), select, optim, dense in tf32 (mma.sync m16n8k8 emulated from the
 * PTX ISA's fragment tables, cvt.rna.tf32, the cp.async pipeline with its wait counts) and fp32,
 * the fused layer; the whole TD-MPC2 agent (ten update() calls, then plan() in both modes, fp32
 * GEMMs) against the CPU agent from the same state. Also: block and warp barriers, shuffles and shared memory as the kernels use
 * them (a missing barrier, a wrong cp.async wait, a swapped fragment register, an off-by-one bound
 * each fail the suite); graph capture and replay with bound device keys and the Adam step, replay
 * equal to eager bit for bit; the capture rules (host copies, synchronize, allocation throw); the fused
 * elite refit ({@code elite_refit_forward}, select.cu) against its CPU twin; TD-MPC2 acting with
 * {@code plan()} captured and replayed, exactly equal to eager emulated acts over sixteen acts in both
 * modes with updates in between ({@code CapturedPlanEmuTest}), and a host read or an unbound stream
 * inside a captured plan failing the capture ({@code PlanCaptureEmuTest}); the
 * caching allocator, transfers of odd sizes and offsets, the out-of-memory message; every entry
 * point's argument count and sizes against its C signature. Without any device: the launchers'
 * validation (recording queue), launch bounds, that every entry point is launched and in the PTX,
 * backend choice, the parity harness (CPU vs CPU), the bundle.
 * <p><b>update() as a CUDA graph</b> (execution.cuda_graphs, default true on CUDA;
 * agent/tdmpc2 CapturedUpdate): one eager device-resident update (the warm-up), then one capture, then one
 * batch upload and one graph launch per update. Inside it nothing reads the host: the running scale's
 * percentiles ({@code running_scale_forward}), the pair of target Q heads ({@code permutation_prefix_forward},
 * the host Rng's Fisher-Yates on the same Philox blocks), the constants and the batch buffers live on the
 * device; the update and dropout Philox keys and one Adam step per optimizer are bound device scalars; the
 * divergence guard is a device flag ({@code divergence_check_update}) that gates Adam, the Polyak lerp and the
 * scale's acceptance ({@code adam_update}/{@code lerp_update} halt argument, {@code gated_copy_update}); the
 * metrics stay in device slots and are downloaded only when the trainer asks (once per log_every), the flag
 * when {@code divergence()} is read. Verified on the emulator ({@code CapturedUpdateEmuTest}): ten updates
 * (eager, captured, replayed) equal ten eager emulated updates bit for bit in parameters, moments, running
 * scale, streams and metrics; a divergence inside a replay is reported exactly as the eager guard reports it,
 * with the same state; capturing the eager update fails naming its upload. The new kernels' parity
 * ({@code $Reduce}, {@code $Random}, {@code $Optim}) is bit-exact on the emulator. None of this has run on a
 * GPU: the driver's capture of these launches, the halt flag read by every block of adam_update on
 * hardware, and the replay timings are unverified. Pixel observations and auxiliary value heads keep the
 * eager update (they draw or read on the host).
 * <p><b>Only on a GPU</b> ({@code @Tag("gpu")}: {@code CudaParityGpuTest}, {@code CudaGraphsGpuTest},
 * {@code CudaBackendGpuTest}, run by gpu-check.sh): the GPU's own arithmetic (tensor-core summation
 * order and precision, CUDA's libdevice for the double math, nvcc's FMA contraction under
 * --fmad=true; the emulator computes with g++'s IEEE arithmetic and -ffp-contract=off), so whether
 * each header's tolerance holds on hardware; real concurrency between threads and blocks (racing
 * atomics in index_select/gather backward, the last-block pattern of sum_squares with
 * __threadfence); JCuda 12.6 on the R580 / CUDA 13 driver (cuInit, primary context, module loading
 * of the PTX and its JIT log, cuLaunchKernel with the marshalled arguments, cuFuncSetAttribute for
 * dynamic shared memory, memsets, pageable and pinned async copies, event-guarded staging reuse,
 * chunked transfers above 64 MiB, cuStreamBeginCapture/cuGraphInstantiate/cuGraphLaunch); device=auto
 * choosing CUDA; out-of-bounds accesses the emulator's host memory tolerates (compute-sanitizer).
 * <p><b>Not yet run anywhere</b> (no run of the gpu suite on a GPU is recorded in this repository): the
 * GPU-only items above; cuBLAS through FFM (libcublas.so.13 lookup, handle on our stream, TF32/pedantic
 * math modes, the row-major mapping; cuBLAS inside a graph capture needs cublasSetWorkspace, not
 * done); the captured plan() and update() and the elite refit kernel on a GPU (verified on the emulator
 * only: whether cuGraphInstantiate accepts the recorded graphs, their launch overhead, and the kernels'
 * tolerance under nvcc's FMA contraction); a fused per-step rollout kernel (not written: the rollout runs
 * every dynamics head as one chain of fused layer ops per step, verified on the emulator); NVTX through
 * libnvtx3interop.so.1 under nsys; compute-sanitizer memcheck over a JVM;
 * {@code CudaGemmBench} timings and the launch overhead of the JCuda path.
 */
package org.mbrl4j.backend.cuda;
