package org.mbrl4j.backend.cpu;

/**
 * Index plan of a reduction over a set of axes of a row-major shape. Adjacent axes with the same role
 * (kept or reduced) are merged, the innermost merged group becomes a contiguous run of {@code inner}
 * elements, and the remaining groups are enumerated once into offset tables:
 * <pre>
 *   innerReduced:  out[o]             = Σ_r Σ_{l < inner} x[keptOff[o] + redOff[r] + l]
 *   otherwise:     out[o·inner + l]   = Σ_r x[keptOff[o] + redOff[r] + l]
 * </pre>
 * Both enumerations are in row-major order, so {@code o} (with {@code l}) is the output's flat index.
 */
final class ReducePlan {
    /** Offsets (into x) of every combination of the outer kept groups. */
    final int[] keptOff;
    /** Offsets (into x) of every combination of the outer reduced groups. */
    final int[] redOff;
    /** Length of the innermost merged group (1 for a rank-0 shape). */
    final int inner;
    /** Whether the innermost group is reduced (contiguous sums) or kept (contiguous columns). */
    final boolean innerReduced;
    /** Number of x elements that fold into each output element. */
    final long count;

    private ReducePlan(int[] keptOff, int[] redOff, int inner, boolean innerReduced, long count) {
        this.keptOff = keptOff;
        this.redOff = redOff;
        this.inner = inner;
        this.innerReduced = innerReduced;
        this.count = count;
    }


    static ReducePlan of(int[] shape, boolean[] reduced) {
        // Merge adjacent axes with the same role: dims[k] with role[k], outermost first.
        int[] dims = new int[shape.length];
        boolean[] role = new boolean[shape.length];
        int groups = 0;
        for (int i = 0; i < shape.length; i++) {
            if (groups > 0 && role[groups - 1] == reduced[i]) {
                dims[groups - 1] = Math.multiplyExact(dims[groups - 1], shape[i]);
            } else {
                dims[groups] = shape[i];
                role[groups] = reduced[i];
                groups++;
            }
        }
        if (groups == 0) {
            return new ReducePlan(new int[] {0}, new int[] {0}, 1, false, 1);
        }
        int inner = dims[groups - 1];
        boolean innerReduced = role[groups - 1];
        // Strides of the merged groups in x.
        int[] stride = new int[groups];
        long s = 1;
        for (int k = groups - 1; k >= 0; k--) {
            stride[k] = Math.toIntExact(s);
            s *= dims[k];
        }
        long count = 1;
        for (int k = 0; k < groups; k++) {
            if (role[k]) {
                count *= dims[k];
            }
        }
        int[] kept = offsets(dims, role, stride, groups - 1, false);
        int[] red = offsets(dims, role, stride, groups - 1, true);
        return new ReducePlan(kept, red, inner, innerReduced, count);
    }

    /** Row-major offsets of all combinations of the groups k < limit with the given role. */
    private static int[] offsets(int[] dims, boolean[] role, int[] stride, int limit, boolean wanted) {
        int[] off = {0};
        for (int k = 0; k < limit; k++) {
            if (role[k] != wanted) {
                continue;
            }
            int[] next = new int[Math.multiplyExact(off.length, dims[k])];
            for (int p = 0, q = 0; p < off.length; p++) {
                for (int i = 0; i < dims[k]; i++) {
                    next[q++] = off[p] + i * stride[k];
                }
            }
            off = next;
        }
        return off;
    }
}
