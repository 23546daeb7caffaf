package org.mbrl4j.nn;

import java.util.List;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.tensor.Tensor;

/**
 * Global L2-norm gradient clipping (torch.nn.utils.clip_grad_norm_): the norm over all gradients
 * together, and every gradient scaled by min(1, maxNorm / (norm + 1e-6)). The squared norm stays in a
 * device scalar so a captured update needs no host round trip; {@link #lastNorm()} reads it back
 * for logging.
 */
public final class GradClip {
    private final Backend backend;
    private final List<Tensor> grads;
    private final float maxNorm;
    private final Tensor normSq;

    public GradClip(Backend backend, List<Tensor> grads, float maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("grad_clip_norm=" + maxNorm + " must be > 0");
        }
        this.backend = backend;
        this.grads = List.copyOf(grads);
        this.maxNorm = maxNorm;
        this.normSq = backend.zeros();
    }

    /** Computes the global norm and clips in place. */
    public void clip() {
        backend.fillZero(normSq);
        backend.optim().sumSquares(grads, normSq);
        backend.optim().clipByGlobalNorm(grads, normSq, maxNorm);
    }

    /** The squared pre-clipping global norm of the last {@link #clip()}, on the backend (no synchronization). */
    public Tensor normSquared() {
        return normSq;
    }

    /** The pre-clipping global norm of the last {@link #clip()} (synchronizes on device). */
    public float lastNorm() {
        return (float) Math.sqrt(backend.toArray(normSq)[0]);
    }
}
