package org.mbrl4j.backend;

/** A tensor (..., F) seen as {@code rows} M = numel / F rows of {@code cols} F elements. */
public record RowDims(int rows, int cols) {}
