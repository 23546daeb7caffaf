package org.mbrl4j.backend.cuda;

import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT;

import java.nio.charset.StandardCharsets;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.JCudaDriver;

/**
 * The driver state of one backend: device 0, its primary context (shared with the CUDA runtime, so
 * cuBLAS works on the same context) and one non-blocking stream. Created by {@link #open()} when a
 * {@link CudaBackend} opens its {@link JCudaDevice}, never in a static initializer. The context is current per
 * thread; {@link #makeCurrent()} binds it on first use from each thread.
 */
final class CudaContext implements AutoCloseable {
    /** cuStreamCreate flag: the stream does not synchronize with the legacy default stream. */
    private static final int CU_STREAM_NON_BLOCKING = 1;

    final CUdevice device;
    final CUcontext context;
    final StreamHandle stream;
    final DeviceLimits limits;
    final int driverVersion;
    private final ThreadLocal<Boolean> bound = new ThreadLocal<>();
    private boolean closed;

    private CudaContext(CUdevice device, CUcontext context, StreamHandle stream, DeviceLimits limits, int driverVersion) {
        this.device = device;
        this.context = context;
        this.stream = stream;
        this.limits = limits;
        this.driverVersion = driverVersion;
        bound.set(Boolean.TRUE);
    }

    /** Initializes the driver, retains device 0's primary context and creates the stream. */
    static CudaContext open() {
        CudaDriverProbe.Result probe = CudaDriverProbe.probe();
        if (!probe.available()) {
            throw new CudaUnavailableException(probe.reason());
        }
        try {
            JCudaDriver.setExceptionsEnabled(false); // CUresults go through Cu.check
        } catch (LinkageError e) {
            throw new CudaUnavailableException("JCuda's native driver binding failed to load (" + e + "); it is"
                    + " extracted from jcuda-natives-12.6.0-linux-x86_64.jar into java.io.tmpdir="
                    + System.getProperty("java.io.tmpdir") + ", which must be writable and not mounted noexec;"
                    + " use device=cpu to run on the CPU backend", e);
        }
        String op = "opening the CUDA backend";
        Cu.check(JCudaDriver.cuInit(0), "cuInit", op);
        CUdevice device = new CUdevice();
        Cu.check(JCudaDriver.cuDeviceGet(device, 0), "cuDeviceGet(0)", op);
        DeviceLimits limits = limits(device);
        CUcontext context = new CUcontext();
        Cu.check(JCudaDriver.cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain", op);
        Cu.check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent", op);
        StreamHandle stream = new StreamHandle();
        Cu.check(JCudaDriver.cuStreamCreate(stream, CU_STREAM_NON_BLOCKING), "cuStreamCreate", op);
        return new CudaContext(device, context, stream, limits, probe.driverVersion());
    }

    private static DeviceLimits limits(CUdevice device) {
        String op = "reading device 0's properties";
        byte[] name = new byte[256];
        Cu.check(JCudaDriver.cuDeviceGetName(name, name.length, device), "cuDeviceGetName", op);
        long[] total = new long[1];
        Cu.check(JCudaDriver.cuDeviceTotalMem(total, device), "cuDeviceTotalMem", op);
        int len = 0;
        while (len < name.length && name[len] != 0) {
            len++;
        }
        return new DeviceLimits(new String(name, 0, len, StandardCharsets.UTF_8),
                attribute(device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, op),
                attribute(device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, op),
                attribute(device, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, op),
                attribute(device, CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK, op),
                attribute(device, CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN, op), total[0]);
    }

    private static int attribute(CUdevice device, int attribute, String op) {
        int[] v = new int[1];
        Cu.check(JCudaDriver.cuDeviceGetAttribute(v, attribute, device), "cuDeviceGetAttribute(" + attribute + ")", op);
        return v[0];
    }

    /** Binds the context to the calling thread (once per thread). */
    void makeCurrent() {
        if (closed) {
            throw new IllegalStateException("the CUDA backend is closed");
        }
        if (bound.get() == null) {
            Cu.check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent", "binding the context to thread "
                    + Thread.currentThread().getName());
            bound.set(Boolean.TRUE);
        }
    }

    /** Waits for all work on the stream; {@code op} names what waited, for the error message. */
    void synchronize(String op) {
        makeCurrent();
        Cu.check(JCudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize", op);
    }

    /** cuMemAlloc / cuMemFree / cuMemGetInfo for the caching allocator. */
    DeviceAllocator.Raw memory() {
        return new DeviceAllocator.Raw() {
            @Override
            public long allocate(long bytes) {
                makeCurrent();
                DevicePtr p = new DevicePtr();
                Cu.check(JCudaDriver.cuMemAlloc(p, bytes), "cuMemAlloc", "allocating " + bytes + " bytes");
                return p.address();
            }

            @Override
            public void free(long address) {
                makeCurrent();
                Cu.check(JCudaDriver.cuMemFree(DevicePtr.at(address)), "cuMemFree", "freeing @0x"
                        + Long.toHexString(address));
            }

            @Override
            public long[] memoryInfo() {
                makeCurrent();
                long[] free = new long[1];
                long[] total = new long[1];
                Cu.check(JCudaDriver.cuMemGetInfo(free, total), "cuMemGetInfo", "reporting device memory");
                return new long[] {free[0], total[0]};
            }

            @Override
            public void synchronize() {
                CudaContext.this.synchronize("returning cached device blocks");
            }
        };
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        makeCurrent();
        String op = "closing the CUDA backend";
        Cu.check(JCudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize", op);
        Cu.check(JCudaDriver.cuStreamDestroy(stream), "cuStreamDestroy", op);
        Cu.check(JCudaDriver.cuDevicePrimaryCtxRelease(device), "cuDevicePrimaryCtxRelease", op);
        closed = true;
    }
}
