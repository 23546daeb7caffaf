/**
 * The backend SPI: {@link org.mbrl4j.backend.Backend} (device memory, copies, synchronize) and one
 * interface per op family ({@link org.mbrl4j.backend.DenseOps}, {@link org.mbrl4j.backend.PointwiseOps},
 * {@link org.mbrl4j.backend.ReduceOps}, {@link org.mbrl4j.backend.LayoutOps},
 * {@link org.mbrl4j.backend.NormOps}, {@link org.mbrl4j.backend.LossOps},
 * {@link org.mbrl4j.backend.DistributionOps}, {@link org.mbrl4j.backend.RandomOps},
 * {@link org.mbrl4j.backend.SelectOps}, {@link org.mbrl4j.backend.OptimOps}), implemented completely by
 * {@code backend.cpu} (the definition of every op) and {@code backend.cuda}. The factory that picks
 * one from the {@code device} key is {@code backend.factory.Backends}.
 *
 * <h2>One contract per op family</h2>
 * Each family's argument rules are written once, in a final class of static methods beside its
 * interface: {@link org.mbrl4j.backend.DenseContract}, {@code PointwiseContract},
 * {@code ReduceContract}, {@code LayoutContract}, {@code NormContract}, {@code LossContract},
 * {@code DistributionContract}, {@code RandomContract}, {@code SelectContract},
 * {@code OptimContract}, and {@code TransferContract} for the device SPI; the rules they share (null,
 * dtype, shape, rows, overlap) are {@link org.mbrl4j.backend.OpArgs}. Every backend method calls its
 * op's contract first; the contract throws IllegalArgumentException naming the op, the argument, its
 * value and the rule, and returns what the backend computes with (the dims of a layer
 * ({@link org.mbrl4j.backend.LinearDims}, {@link org.mbrl4j.backend.GemmDims}), the rows of a row op
 * ({@link org.mbrl4j.backend.RowDims}), a normalised axis, a broadcast length). The CPU backend then
 * only computes; a CUDA launcher adds only device rules (device memory, 32-bit sizes, grid and
 * shared-memory limits, buffers its kernel needs disjoint).
 *
 * <p>Why static contract classes rather than default methods or an abstract base class per family:
 * the interfaces stay the plain SPI that callers read (what each op computes), the rules can be
 * called and tested without a backend, and a launcher gets the derived dims back to size its grid
 * without a template-method hierarchy. The cost, that a backend could forget the call, is covered by
 * {@code ContractAgreementTest}, which runs the same bad arguments through both backends and requires
 * the same message.
 *
 * <h2>Overlap: contract rule or device rule</h2>
 * An op that reads an input at positions other than the one it writes (matrix products, reductions,
 * row ops and their backwards, data movement, a broadcast operand, a multi-tensor optimizer update)
 * is undefined when an output shares memory with that input, on any backend: the contract forbids
 * it. Where every output element reads only the same element of its inputs (elementwise ops,
 * dropout, the squash), the CPU loop is well defined in place, so the contract allows it and a
 * launcher forbids it only where its kernel declares the pointers {@code __restrict__}.
 * Data-dependent rules (index values in range, probabilities non-negative) are checked by the
 * backend that reads the data, i.e. the CPU backend.
 */
package org.mbrl4j.backend;
