package org.mbrl4j.backend.cuda;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link DeviceQueue} of a backend: launches and small by-value writes through its
 * {@link DeviceDriver} (the real driver or the host emulator), the content-cached tables and named
 * scratch buffers the launchers keep at fixed addresses, and the capture state the launchers see.
 *
 * <p>{@code -Dmbrl.cuda.syncEachLaunch=true} synchronizes after every launch so an asynchronous fault
 * names its kernel; {@code -Dmbrl.nvtx.launches=true} wraps each launch in an NVTX range named after
 * its entry point.
 */
final class StreamQueue implements DeviceQueue {
    private final DeviceDriver driver;
    private final DeviceAllocator allocator;
    private final boolean syncEachLaunch = Boolean.getBoolean("mbrl.cuda.syncEachLaunch");
    private final boolean nvtxLaunches = Boolean.getBoolean("mbrl.nvtx.launches");
    private final Map<Table, Long> tables = new HashMap<>();
    private final Map<String, DeviceAllocator.Block> scratch = new HashMap<>();
    private final List<DeviceAllocator.Block> retired = new ArrayList<>();
    private boolean capturing;
    private List<Runnable> replayHooks;
    private String lastLaunch = "(none)";
    private long launches;

    StreamQueue(DeviceDriver driver, DeviceAllocator allocator) {
        this.driver = driver;
        this.allocator = allocator;
    }

    @Override
    @SuppressWarnings("try") // the NVTX range is closed by try-with-resources, never read
    public void launch(KernelCall call) {
        try (var range = nvtxLaunches ? Nvtx.range(call.entry()) : Nvtx.NONE) {
            driver.launch(call);
        }
        lastLaunch = call.describe();
        launches++;
        if (syncEachLaunch && !capturing) {
            driver.synchronize("syncEachLaunch after " + call.describe());
        }
    }

    @Override
    public void fill32(long address, long count, int value, String op) {
        driver.fill32(address, count, value, op);
    }

    @Override
    public void writeWords(long address, int[] words, String op) {
        requireNotCapturing("writeWords for " + op + " (the value would be frozen into the graph)");
        driver.write(address, words, op);
    }

    @Override
    public long table(byte[] bytes, String op) {
        Table key = new Table(bytes);
        Long address = tables.get(key);
        if (address != null) {
            return address;
        }
        requireNotCapturing("a new descriptor table for " + op);
        DeviceAllocator.Block b = allocator.allocate(bytes.length, "descriptor table for " + op);
        Table copy = new Table(bytes.clone()); // the caller may reuse its array
        driver.write(b.address, copy.bytes, "uploading the descriptor table for " + op);
        tables.put(copy, b.address);
        return b.address;
    }

    @Override
    public long scratch(String name, long bytes) {
        DeviceAllocator.Block b = scratch.get(name);
        if (b != null && b.bytes >= bytes) {
            return b.address;
        }
        requireNotCapturing("scratch buffer '" + name + "' of " + bytes + " bytes");
        if (b != null) {
            retired.add(b); // a captured graph may still hold its address: keep it until close
        }
        DeviceAllocator.Block fresh = allocator.allocate(Math.max(bytes, 4), "scratch '" + name + "'");
        driver.fill32(fresh.address, fresh.bytes / 4, 0, "zeroing scratch '" + name + "'");
        scratch.put(name, fresh);
        return fresh.address;
    }

    @Override
    public boolean capturing() {
        return capturing;
    }

    @Override
    public void onReplay(Runnable hook) {
        if (capturing) {
            replayHooks.add(hook);
        } else {
            hook.run();
        }
    }

    /** Starts collecting replay hooks; the stream is now capturing. */
    void beginCapture() {
        capturing = true;
        replayHooks = new ArrayList<>();
    }

    /** The hooks registered during the capture that just ended. */
    List<Runnable> endCapture() {
        capturing = false;
        List<Runnable> hooks = replayHooks;
        replayHooks = null;
        return hooks;
    }

    @Override
    public DeviceLimits limits() {
        return driver.limits();
    }

    /** Kernel launches enqueued so far. */
    long launches() {
        return launches;
    }

    /** The last launch enqueued, for error messages about asynchronous faults. */
    String lastLaunch() {
        return lastLaunch;
    }

    void requireNotCapturing(String what) {
        if (capturing) {
            throw new IllegalStateException(what + " is not allowed while a CUDA graph is being captured: do it before"
                    + " capture (run the function once eagerly as a warm-up), or outside the captured region");
        }
    }

    /** A table's bytes as a map key (records compare arrays by identity). */
    private record Table(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Table t && Arrays.equals(bytes, t.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }
}
