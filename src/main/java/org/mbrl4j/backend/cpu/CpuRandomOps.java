package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.DenseOps;
import org.mbrl4j.backend.RandomContract;
import org.mbrl4j.backend.RandomOps;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * CPU implementation of {@link RandomOps}: {@link RandomContract} checks the arguments, then
 * {@link RandomDraws}, {@link RandomCategorical} and {@link RandomDropout} compute. Every value is a
 * pure function of (key, element index), independent of the thread split.
 */
final class CpuRandomOps implements RandomOps {

    @Override
    public void uniform(PhiloxKey key, float lo, float hi, Tensor out) {
        RandomContract.uniform(key, lo, hi, out);
        RandomDraws.uniform(key, lo, hi, out);
    }

    @Override
    public void normal(PhiloxKey key, float mean, float std, Tensor out) {
        RandomContract.normal(key, mean, std, out);
        RandomDraws.normal(key, mean, std, out);
    }

    @Override
    public void randint(PhiloxKey key, int lo, int hi, Tensor out) {
        RandomContract.randint(key, lo, hi, out);
        RandomDraws.randint(key, lo, hi, out);
    }

    @Override
    public void categorical(PhiloxKey key, Tensor probs, Tensor out) {
        RandomCategorical.draw(key, probs, out, RandomContract.categorical(key, probs, out));
    }

    /** The host draw itself: {@link Rng#permutation} from the key's counter, its first K entries. */
    @Override
    public void permutationPrefix(PhiloxKey key, int n, Tensor out) {
        RandomContract.permutationPrefix(key, n, out);
        int[] perm = new Rng(key.seed(), key.stream(), key.counter()).permutation(n);
        System.arraycopy(perm, 0, out.ints(), out.off(), out.size());
    }

    @Override
    public void dropoutForward(Tensor x, DenseOps.DropoutSpec spec, Tensor out) {
        RandomContract.dropoutForward(x, spec, out);
        RandomDropout.forward(x, spec, out);
    }

    @Override
    public void dropoutBackward(DenseOps.DropoutSpec spec, Tensor dout, Tensor dx) {
        RandomContract.dropoutBackward(spec, dout, dx);
        if (dx != null) {
            RandomDropout.backward(spec, dout, dx);
        }
    }
}
