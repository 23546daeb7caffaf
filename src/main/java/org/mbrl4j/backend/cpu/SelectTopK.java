package org.mbrl4j.backend.cpu;

import org.mbrl4j.tensor.Tensor;

/**
 * Top-k along the last dim (the planner's elite selection, tdmpc2 tdmpc2.py {@code _plan}:
 * {@code torch.topk(value, num_elites, dim=0)}). Rank order: larger value first; equal values
 * (including -0.0 and 0.0) go to the smaller index; NaN ranks below every number, NaNs by index.
 * Per row a bounded heap keeps the K best seen so far (root = worst kept), O(F log K), then the heap
 * is sorted into descending rank. Backward scatters: {@code dx[r, idx[r,j]] += dvalues[r,j]}.
 *
 * <p>Shapes: x (M, F); values (M, K) F32; indices (M, K) I32; dx (M, F).
 */
final class SelectTopK {
    private SelectTopK() {}

    /** Whether element i (value a) ranks above element j (value b). */
    static boolean above(float a, int i, float b, int j) {
        boolean nanA = Float.isNaN(a), nanB = Float.isNaN(b);
        if (nanA || nanB) {
            return nanA == nanB ? i < j : nanB;
        }
        return a > b || (a == b && i < j);
    }

    static void forward(Tensor x, int k, Tensor values, Tensor indices, int rows) {
        float[] xs = x.floats(), vs = values.floats();
        int[] is = indices.ints();
        int xo = x.off(), vo = values.off(), io = indices.off(), c = x.dim(-1);
        long cost = (long) c * (32 - Integer.numberOfLeadingZeros(k));
        Parallel.forRange(rows, cost, (from, until) -> {
            int[] heap = new int[k];
            for (int r = from; r < until; r++) {
                int row = xo + r * c;
                selectRow(xs, row, c, k, heap);
                for (int j = 0; j < k; j++) {
                    vs[vo + r * k + j] = xs[row + heap[j]];
                    is[io + r * k + j] = heap[j];
                }
            }
        });
    }

    /** Leaves the indices of the k best of x[off .. off+c) in heap, in descending rank. */
    static void selectRow(float[] x, int off, int c, int k, int[] heap) {
        int size = 0;
        for (int i = 0; i < c; i++) {
            if (size < k) {
                heap[size] = i;
                siftUp(x, off, heap, size++);
            } else if (above(x[off + i], i, x[off + heap[0]], heap[0])) {
                heap[0] = i;
                siftDown(x, off, heap, 0, k);
            }
        }
        // Heap sort: repeatedly move the worst kept element to the end.
        for (int end = k - 1; end > 0; end--) {
            int t = heap[0];
            heap[0] = heap[end];
            heap[end] = t;
            siftDown(x, off, heap, 0, end);
        }
    }

    /** Min-heap on rank: a parent ranks below its children. */
    private static boolean lower(float[] x, int off, int i, int j) {
        return above(x[off + j], j, x[off + i], i);
    }

    private static void siftUp(float[] x, int off, int[] heap, int pos) {
        while (pos > 0) {
            int parent = (pos - 1) / 2;
            if (!lower(x, off, heap[pos], heap[parent])) {
                return;
            }
            int t = heap[pos];
            heap[pos] = heap[parent];
            heap[parent] = t;
            pos = parent;
        }
    }

    private static void siftDown(float[] x, int off, int[] heap, int pos, int size) {
        while (true) {
            int child = 2 * pos + 1;
            if (child >= size) {
                return;
            }
            if (child + 1 < size && lower(x, off, heap[child + 1], heap[child])) {
                child++;
            }
            if (!lower(x, off, heap[child], heap[pos])) {
                return;
            }
            int t = heap[pos];
            heap[pos] = heap[child];
            heap[child] = t;
            pos = child;
        }
    }

    static void backward(Tensor indices, Tensor dvalues, Tensor dx, int rows) {
        int[] is = indices.ints();
        float[] dv = dvalues.floats(), d = dx.floats();
        int io = indices.off(), dvo = dvalues.off(), dxo = dx.off(), k = indices.dim(-1), c = dx.dim(-1);
        Parallel.forRange(rows, k, (from, until) -> {
            for (int r = from; r < until; r++) {
                for (int j = 0; j < k; j++) {
                    int idx = is[io + r * k + j];
                    if (idx < 0 || idx >= c) {
                        throw new IllegalArgumentException("topkBackward: indices[" + r + ", " + j + "]=" + idx
                                + " out of range [0, " + c + ")");
                    }
                    d[dxo + r * c + idx] += dv[dvo + r * k + j];
                }
            }
        });
    }
}
