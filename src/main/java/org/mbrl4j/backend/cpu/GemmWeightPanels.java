package org.mbrl4j.backend.cpu;

import static org.mbrl4j.backend.cpu.GemmKernel.NR;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.mbrl4j.tensor.HostStorage;

/**
 * Packed op(B) panels of layer weights, kept across GEMM calls: a plan runs the same weights through
 * every iteration and horizon step, an update through every horizon step, so packing them once per
 * weight version instead of once per call removes most of the B packing.
 *
 * <p>Entries are keyed by (storage identity, view layout) and valid for one content version of the
 * storage ({@link HostStorage#version()}): the first use {@linkplain HostStorage#watch watches} the
 * storage, after which every acquisition of its array for writing ({@link HostStorage#floats()}: the
 * optimizer step, Polyak average, checkpoint load, upload, copy, reset, any in-place op) bumps the
 * version, so no writer has to announce its write and none can leave stale panels behind. The check is
 * one comparison of two longs. The panels are exactly what {@link GemmPack#packB} writes, so a GEMM
 * reading them computes the same bits as one that packs per call.
 *
 * <p>On by default ({@code -Dmbrl.cpu.keepWeightPanels=false} turns it off; results/cpu-speed/README.md
 * has the measurement). Entries are held per storage, weakly (a dropped model frees its panels), at most
 * {@link #LAYOUTS_PER_STORAGE} layouts per storage. An entry is refreshed and read under its own monitor,
 * so two threads multiplying by the same weight take turns rather than repacking under each other.
 */
final class GemmWeightPanels {
    private GemmWeightPanels() {}

    /** Whether layer GEMMs keep their weights' panels ({@code -Dmbrl.cpu.keepWeightPanels}, default true). */
    static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("mbrl.cpu.keepWeightPanels"));

    /** Distinct (offset, strides, shape) views cached per storage; more clears that storage's entries. */
    static final int LAYOUTS_PER_STORAGE = 16;

    private static final Map<HostStorage, Map<Layout, Entry>> BY_STORAGE =
            Collections.synchronizedMap(new WeakHashMap<>());

    /** Which view of the storage was packed, and how (depth blocks of kcMax, panels of NR). */
    record Layout(int offset, int batchStride, int rowStride, int colStride, int batch, int k, int n, int kcMax) {}

    /** One view's panels and the storage version they were packed from; mutable, guarded by its own monitor. */
    static final class Entry {
        private float[] panels = new float[0];
        private boolean packed;
        private long version;
        private long packs;

        /** The panels, valid for the storage's current content once {@link #refresh} returned. */
        float[] panels() {
            return panels;
        }

        /** How often this entry was (re)packed: once per weight version seen. */
        long packs() {
            return packs;
        }

        /**
         * Makes the panels current: when the storage's version moved since the last pack (or nothing was
         * packed yet), repacks op(B) (in parallel, as per-call packing does). {@code b} reads
         * {@code storage}'s array.
         */
        void refresh(HostStorage storage, GemmMatrix b, Layout l) {
            if (b.data() != storage.floatsToRead()) {
                throw new IllegalArgumentException("op(B) does not read the array of " + storage);
            }
            long current = storage.watch();
            if (packed && current == version) {
                return;
            }
            int size = Math.multiplyExact(l.batch(), Math.multiplyExact(Gemm.ceilDiv(l.n(), NR) * NR, l.k()));
            if (panels.length != size) {
                panels = new float[size];
            }
            GemmPack.packBInto(l.batch(), l.n(), l.k(), l.kcMax(), b, panels);
            version = current;
            packed = true;
            packs++;
        }
    }

    /** The entry for op(B) over {@code batch} entries of k × n packed in depth blocks of kcMax (created empty). */
    static Entry entry(HostStorage storage, GemmMatrix b, int batch, int k, int n, int kcMax) {
        Layout l = layout(b, batch, k, n, kcMax);
        synchronized (BY_STORAGE) {
            Map<Layout, Entry> views = BY_STORAGE.computeIfAbsent(storage, x -> new HashMap<>());
            Entry e = views.get(l);
            if (e == null) {
                if (views.size() >= LAYOUTS_PER_STORAGE) {
                    views.clear();
                }
                e = new Entry();
                views.put(l, e);
            }
            return e;
        }
    }

    /** Packs so far over every kept view of {@code storage} (0 when none is kept): for tests and benchmarks. */
    static long packs(HostStorage storage) {
        List<Entry> entries;
        synchronized (BY_STORAGE) {
            Map<Layout, Entry> views = BY_STORAGE.get(storage);
            entries = views == null ? List.of() : List.copyOf(views.values());
        }
        long sum = 0;
        for (Entry e : entries) {
            synchronized (e) {
                sum += e.packs;
            }
        }
        return sum;
    }

    static Layout layout(GemmMatrix b, int batch, int k, int n, int kcMax) {
        return new Layout(b.offset(), batch == 1 ? 0 : b.batchStride(), b.rowStride(), b.colStride(), batch, k, n,
                kcMax);
    }
}
