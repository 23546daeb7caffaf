package org.mbrl4j.backend.cuda;

/**
 * A grid or block extent. The limits are CUDA's for compute capability 8.x and 9.x: gridDim.x up to
 * 2^31 - 1, gridDim.y and gridDim.z up to 65535, at most 1024 threads per block, blockDim.z up to 64.
 */
public record Dim3(int x, int y, int z) {
    public static final int MAX_GRID_X = Integer.MAX_VALUE;
    public static final int MAX_GRID_YZ = 65535;
    public static final int MAX_BLOCK_THREADS = 1024;

    public static Dim3 of(int x) {
        return new Dim3(x, 1, 1);
    }

    public static Dim3 of(int x, int y) {
        return new Dim3(x, y, 1);
    }

    public long count() {
        return (long) x * y * z;
    }

    /** Checks a grid against the launch limits; {@code kernel} names the entry point in the message. */
    void requireGrid(String kernel) {
        if (x < 1 || y < 1 || z < 1 || y > MAX_GRID_YZ || z > MAX_GRID_YZ) {
            throw new IllegalArgumentException(kernel + ": grid " + this + " outside the launch limits (each dim >= 1,"
                    + " gridDim.y and gridDim.z <= " + MAX_GRID_YZ + ")");
        }
    }

    /** Checks a block against the launch limits. */
    void requireBlock(String kernel) {
        if (x < 1 || y < 1 || z < 1 || count() > MAX_BLOCK_THREADS) {
            throw new IllegalArgumentException(kernel + ": block " + this + " outside the launch limits (each dim >= 1, at"
                    + " most " + MAX_BLOCK_THREADS + " threads)");
        }
    }

    @Override
    public String toString() {
        return "(" + x + "," + y + "," + z + ")";
    }
}
