package org.mbrl4j.backend.cuda;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link DeviceQueue} that records what the launchers ask for instead of talking to a driver. It
 * exists for the CPU-side tests of Java validation and argument marshalling only: nothing is
 * computed, so it proves nothing about numerics (the gpu-tagged parity tests do that). Addresses it
 * hands out are fake and never dereferenced.
 */
final class RecordingQueue implements DeviceQueue {
    /** An H100 SXM's limits (132 SMs, 48 KiB default and 227 KiB opt-in shared memory per block). */
    static final DeviceLimits H100 = new DeviceLimits("fake H100", 9, 0, 132, 48 << 10, 227 << 10, 80L << 30);

    /** A by-value write the launcher enqueued. */
    record Write(long address, int[] words, String op) {}

    final List<KernelCall> calls = new ArrayList<>();
    final List<Write> writes = new ArrayList<>();
    final List<byte[]> tables = new ArrayList<>();
    final Map<String, Long> scratch = new HashMap<>();
    final List<Runnable> replayHooks = new ArrayList<>();
    boolean capturing;
    private long nextAddress = 0x7e00_0000_0000L;

    @Override
    public void launch(KernelCall call) {
        calls.add(call);
    }

    @Override
    public void fill32(long address, long count, int value, String op) {
        writes.add(new Write(address, new int[] {value}, op + " (fill " + count + ")"));
    }

    @Override
    public void writeWords(long address, int[] words, String op) {
        if (capturing) {
            throw new IllegalStateException("writeWords for " + op + " while capturing");
        }
        writes.add(new Write(address, words.clone(), op));
    }

    @Override
    public long table(byte[] bytes, String op) {
        for (int i = 0; i < tables.size(); i++) {
            if (java.util.Arrays.equals(tables.get(i), bytes)) {
                return 0x7d00_0000_0000L + 4096L * i;
            }
        }
        if (capturing) {
            throw new IllegalStateException("new table for " + op + " while capturing");
        }
        tables.add(bytes.clone());
        return 0x7d00_0000_0000L + 4096L * (tables.size() - 1);
    }

    @Override
    public long scratch(String name, long bytes) {
        Long a = scratch.get(name);
        if (a == null) {
            if (capturing) {
                throw new IllegalStateException("new scratch " + name + " while capturing");
            }
            a = take(bytes);
            scratch.put(name, a);
        }
        return a;
    }

    @Override
    public void onReplay(Runnable hook) {
        if (capturing) {
            replayHooks.add(hook);
        } else {
            hook.run();
        }
    }

    @Override
    public boolean capturing() {
        return capturing;
    }

    @Override
    public DeviceLimits limits() {
        return H100;
    }

    /** A fake, 256-byte aligned device address range. */
    long take(long bytes) {
        long a = nextAddress;
        nextAddress += (Math.max(bytes, 1) + 255) / 256 * 256;
        return a;
    }

    void clear() {
        calls.clear();
        writes.clear();
    }
}
