package org.mbrl4j.backend;

/** A tensor (..., C) seen as {@code rows} R = numel / C rows of {@code cols} C elements. */
public record RowDims(int rows, int cols) {}
