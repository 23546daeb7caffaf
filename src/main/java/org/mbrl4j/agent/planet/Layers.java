package org.mbrl4j.agent.planet;

import org.mbrl4j.autograd.DenseFn;
import org.mbrl4j.autograd.PointwiseFn;
import org.mbrl4j.nn.Init;
import org.mbrl4j.nn.Parameters;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.tensor.Tensor;

/**
 * The layers PlaNet's networks are built from, initialised as TensorFlow's defaults in the reference
 * code: weights Glorot-uniform, U(±√(6 / (fan_in + fan_out))), biases zero.
 */
final class Layers {
    private Layers() {}

    /** A dense layer {weight (out, in), bias (out)} under {@code name}. */
    static Tensor[] dense(Parameters.Scope scope, String name, int in, int out) {
        Parameters.Scope s = scope.scope(name);
        return new Tensor[] {s.create("weight", glorot(in, out), out, in), s.create("bias", Init.Constant.ZERO, out)};
    }

    /** A conv layer {weight (co, ci, k, k), bias (co)}. */
    static Tensor[] conv(Parameters.Scope scope, String name, int ci, int co, int k) {
        Parameters.Scope s = scope.scope(name);
        return new Tensor[] {s.create("weight", glorot(ci * k * k, co * k * k), co, ci, k, k),
                s.create("bias", Init.Constant.ZERO, co)};
    }

    /** A transposed conv layer {weight (ci, co, k, k), bias (co)}. */
    static Tensor[] deconv(Parameters.Scope scope, String name, int ci, int co, int k) {
        Parameters.Scope s = scope.scope(name);
        return new Tensor[] {s.create("weight", glorot(ci * k * k, co * k * k), ci, co, k, k),
                s.create("bias", Init.Constant.ZERO, co)};
    }

    static Tensor linear(Pass p, Tensor x, Tensor[] layer) {
        return DenseFn.linear(p.graph(), x, p.param(layer[0]), p.param(layer[1]));
    }

    /** max(x, 0): the ReLU op with gradients, clamp (the same values, vectorised) without. */
    static Tensor relu(Pass p, Tensor x) {
        return p.graph().gradEnabled() ? PointwiseFn.relu(p.graph(), x)
                : PointwiseFn.clamp(p.graph(), x, 0f, Float.POSITIVE_INFINITY);
    }

    private static Init glorot(int fanIn, int fanOut) {
        return new Init.Uniform((float) Math.sqrt(6.0 / (fanIn + fanOut)));
    }
}
