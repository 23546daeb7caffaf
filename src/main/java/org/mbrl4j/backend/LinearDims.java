package org.mbrl4j.backend;

/**
 * The dims of a (possibly ensemble) linear layer as {@link DenseContract} derives them: {@code heads}
 * E (1 for a plain layer), M rows, Fi inputs, F outputs; {@code sharedX} when one x (M, Fi) feeds every
 * head.
 */
public record LinearDims(int heads, int m, int k, int n, boolean sharedX) {

    /** Whether the op has no output element (E, M or F is 0). */
    public boolean empty() {
        return heads == 0 || m == 0 || n == 0;
    }
}
