package org.mbrl4j.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The host emulator behind {@link DeviceDriver} ({@code device=cuda-emulated}): kernels/*.cu compiled
 * by g++ into one library ({@link EmulatorLibrary}), host memory as device memory (a device pointer is
 * a host address), and a synchronous stream: every launch, fill and copy runs to completion when it
 * is enqueued, so a download needs no wait.
 *
 * <p>Capture records launches (their marshalled arguments copied into the graph's arena), fills and
 * device-to-device copies in order; a replay runs the recording. Uploads, downloads, by-value writes,
 * allocation and synchronization during a capture throw IllegalStateException, as the real driver
 * refuses them (CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED) and invalidates the capture.
 *
 * <p>Limits: those of an sm_90 part (48 KiB static + dynamic shared memory, 227 KiB opt-in) with 8
 * multiprocessors, so launchers that size grids by SM count launch few blocks (grid-stride loops then
 * do several rounds, which tests them), and {@link #TOTAL_MEMORY} of "device" memory so that the
 * out-of-memory path is reachable.
 */
final class EmulatedDevice implements DeviceDriver {
    /** Device memory the emulator admits to (host memory is allocated on demand, up to this much). */
    static final long TOTAL_MEMORY = 16L << 30;
    static final DeviceLimits LIMITS = new DeviceLimits("mbrl4j host emulator", 9, 0, 8, 48 << 10, 227 << 10,
            TOTAL_MEMORY);
    /** CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED (cuda.h). */
    private static final int ERROR_CAPTURE_UNSUPPORTED = 900;

    private final EmulatorLibrary lib;
    private final Map<Long, Long> allocations = new HashMap<>();
    private long allocatedBytes;
    /** Non-null while capturing: the recorded work, in stream order. */
    private List<Runnable> recording;
    private Arena recordingArena;
    private boolean closed;

    private EmulatedDevice(EmulatorLibrary lib) {
        this.lib = lib;
    }

    static EmulatedDevice open() {
        return new EmulatedDevice(EmulatorLibrary.load());
    }

    @Override
    public DeviceLimits limits() {
        return LIMITS;
    }

    @Override
    public String describe() {
        return "kernels emulated on the host by " + lib.path.getFileName() + " (" + lib.entries.size() + " entry points)";
    }

    @Override
    public DeviceAllocator.Raw memory() {
        return new DeviceAllocator.Raw() {
            @Override
            public long allocate(long bytes) {
                requireNotCapturing("cuMemAlloc of " + bytes + " bytes");
                if (allocatedBytes + bytes > TOTAL_MEMORY) {
                    throw new CudaException("cuMemAlloc failed with CUDA_ERROR_OUT_OF_MEMORY (" + Cu.ERROR_OUT_OF_MEMORY
                            + ") during allocating " + bytes + " bytes: the emulated device has " + (TOTAL_MEMORY
                            - allocatedBytes) + " of " + TOTAL_MEMORY + " bytes free", Cu.ERROR_OUT_OF_MEMORY);
                }
                long address = lib.alloc(bytes);
                if (address == 0) {
                    throw new CudaException("cuMemAlloc failed with CUDA_ERROR_OUT_OF_MEMORY (" + Cu.ERROR_OUT_OF_MEMORY
                            + ") during allocating " + bytes + " bytes: host malloc failed", Cu.ERROR_OUT_OF_MEMORY);
                }
                allocations.put(address, bytes);
                allocatedBytes += bytes;
                return address;
            }

            @Override
            public void free(long address) {
                Long bytes = allocations.remove(address);
                if (bytes == null) {
                    throw new IllegalArgumentException("cuMemFree of @0x" + Long.toHexString(address) + ": not allocated"
                            + " by this emulated device (or freed twice)");
                }
                allocatedBytes -= bytes;
                lib.free(address);
            }

            @Override
            public long[] memoryInfo() {
                return new long[] {TOTAL_MEMORY - allocatedBytes, TOTAL_MEMORY};
            }

            @Override
            public void synchronize() {
                EmulatedDevice.this.synchronize("returning cached device blocks");
            }
        };
    }

    @Override
    public void launch(KernelCall call) {
        if (recording != null) {
            Marshalled m = marshal(call, recordingArena);
            recording.add(() -> run(m));
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            run(marshal(call, arena));
        }
    }

    /** cuLaunchKernel's kernelParams: one 8-byte slot per argument holding its value, and a pointer to each. */
    private static Marshalled marshal(KernelCall call, Arena arena) {
        List<KernelArg> args = call.args();
        int n = args.size();
        MemorySegment values = arena.allocate(8L * Math.max(n, 1), 8);
        MemorySegment pointers = arena.allocate(ValueLayout.ADDRESS, Math.max(n, 1));
        MemorySegment sizes = arena.allocate(Math.max(n, 1));
        for (int i = 0; i < n; i++) {
            MemorySegment slot = values.asSlice(8L * i, 8);
            int size = switch (args.get(i)) {
                case KernelArg.I32 a -> {
                    slot.set(ValueLayout.JAVA_INT, 0, a.value());
                    yield 4;
                }
                case KernelArg.I64 a -> {
                    slot.set(ValueLayout.JAVA_LONG, 0, a.value());
                    yield 8;
                }
                case KernelArg.F32 a -> {
                    slot.set(ValueLayout.JAVA_FLOAT, 0, a.value());
                    yield 4;
                }
                case KernelArg.Ptr a -> {
                    slot.set(ValueLayout.JAVA_LONG, 0, a.address());
                    yield 8;
                }
            };
            sizes.set(ValueLayout.JAVA_BYTE, i, (byte) size);
            pointers.setAtIndex(ValueLayout.ADDRESS, i, slot);
        }
        return new Marshalled(call, arena.allocateFrom(call.entry()), pointers, sizes, n);
    }

    private record Marshalled(KernelCall call, MemorySegment entry, MemorySegment params, MemorySegment sizes, int n) {}

    private void run(Marshalled m) {
        String[] reason = new String[1];
        KernelCall c = m.call();
        int rc = lib.launch(m.entry(), c.grid(), c.block(), c.sharedBytes(), m.params(), m.n(), m.sizes(), reason);
        if (rc != 0) {
            throw new CudaException("cuLaunchKernel failed on the host emulator with result " + rc + " during "
                    + c.describe() + ": " + reason[0], rc);
        }
    }

    @Override
    public void fill32(long address, long count, int value, String op) {
        enqueue(() -> lib.fill32(address, count, value));
    }

    @Override
    public void write(long address, int[] words, String op) {
        requireNotCapturing("cuMemcpyHtoDAsync for " + op);
        MemorySegment.copy(MemorySegment.ofArray(words), 0, at(address, 4L * words.length), 0, 4L * words.length);
    }

    @Override
    public void write(long address, byte[] bytes, String op) {
        requireNotCapturing("cuMemcpyHtoDAsync for " + op);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, at(address, bytes.length), 0, bytes.length);
    }

    @Override
    public void copy(long src, long dst, long bytes, String op) {
        enqueue(() -> MemorySegment.copy(at(src, bytes), 0, at(dst, bytes), 0, bytes));
    }

    @Override
    public void upload(MemorySegment heap, long heapOffset, long device, long bytes, String op) {
        requireNotCapturing("cuMemcpyHtoDAsync for " + op);
        MemorySegment.copy(heap, heapOffset, at(device, bytes), 0, bytes);
    }

    @Override
    public void download(long device, MemorySegment heap, long heapOffset, long bytes, String op) {
        requireNotCapturing("cuMemcpyDtoHAsync for " + op);
        MemorySegment.copy(at(device, bytes), 0, heap, heapOffset, bytes);
    }

    @Override
    public void synchronize(String op) {
        requireNotCapturing("cuStreamSynchronize for " + op);
        if (closed) {
            throw new IllegalStateException("the emulated CUDA device is closed (" + op + ")");
        }
    }

    @Override
    public void beginCapture(String op) {
        if (recording != null) {
            throw new IllegalStateException(op + ": the stream is already capturing");
        }
        recording = new ArrayList<>();
        recordingArena = Arena.ofShared();
    }

    @Override
    public Graph endCapture(String op, boolean discard) {
        List<Runnable> work = List.copyOf(recording);
        Arena arena = recordingArena;
        recording = null;
        recordingArena = null;
        if (discard) {
            arena.close();
            return null;
        }
        return new Graph() {
            private boolean released;

            @Override
            public void launch(String name) {
                if (released) {
                    throw new IllegalStateException("graph '" + name + "' is closed");
                }
                enqueue(() -> work.forEach(Runnable::run));
            }

            @Override
            public void close(String name) {
                if (!released) {
                    released = true;
                    arena.close();
                }
            }
        };
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Runs capturable work now, or records it while capturing. */
    private void enqueue(Runnable work) {
        if (recording != null) {
            recording.add(work);
        } else {
            work.run();
        }
    }

    private void requireNotCapturing(String what) {
        if (recording != null) {
            throw new IllegalStateException(what + " during stream capture: not capturable (the driver returns"
                    + " CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED (" + ERROR_CAPTURE_UNSUPPORTED + ") and invalidates the"
                    + " capture)");
        }
    }

    /** Device memory at {@code address} as a segment of {@code bytes}. */
    @SuppressWarnings("restricted")
    private static MemorySegment at(long address, long bytes) {
        return MemorySegment.ofAddress(address).reinterpret(bytes);
    }
}
