package org.mbrl4j.backend.cuda;

/** Launch-geometry arithmetic shared by the launchers; each rule is the one its kernel header states. */
final class Grids {
    private Grids() {}

    /** Threads per warp. */
    static final int WARP = 32;
    /** The 256-thread blocks most entry points use. */
    static final int THREADS = 256;
    /** Grid-stride kernels get at most this many blocks (the pointwise header's 65535·4). */
    static final int MAX_STRIDE_BLOCKS = 65535 * 4;

    /** Blocks for a grid-stride loop over {@code n} items, {@code threads} per block: min(ceil(n/threads), 65535·4). */
    static Dim3 strided(long n, int threads) {
        return Dim3.of((int) Math.max(1, Math.min(Math.ceilDiv(n, threads), MAX_STRIDE_BLOCKS)));
    }

    /** Warp-per-row kernels with 256-thread blocks: min(ceil(M/8), 65535) blocks. */
    static Dim3 warpRows(int rows) {
        return Dim3.of(Math.max(1, Math.min(Math.ceilDiv(rows, THREADS / WARP), 65535)));
    }

    /** Smallest power of two >= n (n >= 1). */
    static int nextPow2(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    /** The column-tile width cb: the largest power of two <= min(32, n), and 1 for n <= 1. */
    static int columnTile(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(Math.min(WARP, n));
    }

    static int ceilDiv(int a, int b) {
        return Math.ceilDiv(a, b);
    }
}
