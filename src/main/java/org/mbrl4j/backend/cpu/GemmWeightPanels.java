package org.mbrl4j.backend.cpu;

import static org.mbrl4j.backend.cpu.GemmKernel.NR;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Packed op(B) panels of layer weights, kept across GEMM calls: a plan runs the same weights through
 * every iteration and horizon step, an update through every horizon step, so packing them once per
 * weight version instead of once per call removes most of the B packing.
 *
 * <p>The weight version is the weight's content: each entry keeps a snapshot of the source elements
 * it was packed from and is used only while the source still equals that snapshot byte for byte
 * ({@link MemorySegment#mismatch}, which stops at the first difference and compares raw bits, so even
 * NaN payloads and signed zeros count). No writer of a parameter (optimizer, Polyak average,
 * checkpoint load, a test poking at the array) has to announce its write, so no write can leave
 * stale panels behind. The panels are exactly what {@link GemmPack#packB} writes, so a GEMM reading
 * them computes the same bits as one that packs per call.
 *
 * <p>Off by default ({@code -Dmbrl.cpu.keepWeightPanels=true} turns it on): checking the snapshot reads
 * the weight and its copy, which on the shapes measured so far (results/cpu-speed/README.md) costs about
 * what packing saves, so it pays only where packing op(B) is dear relative to the product. A version
 * counter bumped by every parameter writer would make the check free; the writers live outside the
 * backend (optimizer, Polyak average, checkpoint load, host uploads) and are not yet routed through
 * one place.
 *
 * <p>Entries are held per backing array, weakly (a dropped model frees its panels), at most
 * {@link #LAYOUTS_PER_ARRAY} layouts per array. An entry is refreshed and read under its own monitor,
 * so two threads multiplying by the same weight take turns rather than repacking under each other.
 */
final class GemmWeightPanels {
    private GemmWeightPanels() {}

    /** Whether layer GEMMs keep their weights' panels ({@code -Dmbrl.cpu.keepWeightPanels}, default false). */
    static final boolean ENABLED = Boolean.getBoolean("mbrl.cpu.keepWeightPanels");

    /** Distinct (offset, strides, shape) views cached per backing array; more clears that array's entries. */
    static final int LAYOUTS_PER_ARRAY = 16;

    private static final Map<float[], Map<Layout, Entry>> BY_ARRAY = Collections.synchronizedMap(new WeakHashMap<>());

    /** Which view of the backing array was packed, and how (depth blocks of kcMax, panels of NR). */
    record Layout(int offset, int batchStride, int rowStride, int colStride, int batch, int k, int n, int kcMax) {}

    /** One view's snapshot and panels; mutable, guarded by its own monitor. */
    static final class Entry {
        private float[] snapshot = new float[0];
        private float[] panels = new float[0];
        private boolean packed;
        private long packs;

        /** The panels, valid for the source's current content once {@link #refresh} returned. */
        float[] panels() {
            return panels;
        }

        /** How often this entry was (re)packed: once per weight version seen. */
        long packs() {
            return packs;
        }

        /**
         * Makes the panels current: compares op(B)'s source span with the snapshot and, on any
         * difference, copies the span and repacks (in parallel, as per-call packing does).
         */
        void refresh(GemmMatrix b, Layout l) {
            int span = span(b, l);
            MemorySegment source = MemorySegment.ofArray(b.data())
                    .asSlice((long) b.offset() * Float.BYTES, (long) span * Float.BYTES);
            if (packed && MemorySegment.ofArray(snapshot).mismatch(source) == -1) {
                return;
            }
            if (snapshot.length != span) {
                snapshot = new float[span];
            }
            MemorySegment.copy(source, ValueLayout.JAVA_FLOAT, 0, snapshot, 0, span);
            int size = Math.multiplyExact(l.batch(), Math.multiplyExact(Gemm.ceilDiv(l.n(), NR) * NR, l.k()));
            if (panels.length != size) {
                panels = new float[size];
            }
            GemmPack.packBInto(l.batch(), l.n(), l.k(), l.kcMax(), b, panels);
            packed = true;
            packs++;
        }
    }

    /** The entry for op(B) over {@code batch} entries of k × n packed in depth blocks of kcMax (created empty). */
    static Entry entry(GemmMatrix b, int batch, int k, int n, int kcMax) {
        Layout l = layout(b, batch, k, n, kcMax);
        synchronized (BY_ARRAY) {
            Map<Layout, Entry> views = BY_ARRAY.computeIfAbsent(b.data(), x -> new HashMap<>());
            Entry e = views.get(l);
            if (e == null) {
                if (views.size() >= LAYOUTS_PER_ARRAY) {
                    views.clear();
                }
                e = new Entry();
                views.put(l, e);
            }
            return e;
        }
    }

    static Layout layout(GemmMatrix b, int batch, int k, int n, int kcMax) {
        return new Layout(b.offset(), batch == 1 ? 0 : b.batchStride(), b.rowStride(), b.colStride(), batch, k, n,
                kcMax);
    }

    /** Elements from op(B)'s first to its last element, inclusive (strides are non-negative). */
    private static int span(GemmMatrix b, Layout l) {
        return b.at(l.batch() - 1, l.k() - 1, l.n() - 1) - b.offset() + 1;
    }
}
