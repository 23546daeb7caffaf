package org.mbrl4j.agent.tdmpc2;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.OptimOps.AdamSlot;
import org.mbrl4j.nn.Adam;
import org.mbrl4j.tensor.Tensor;

/**
 * Gradient logging ({@code log_grads}, docs/training-features.md#gradient-logging): around each optimizer step
 * of {@link Tdmpc2Update}, per component c (encoder, dynamics, reward, termination, q, pi, …: the first name of
 * a parameter's path) of the parameters that optimizer updates:
 * <ul>
 *   <li>{@code grad_norm_<c>} = ‖g_c‖₂ of the gradient before clipping (the update's {@code grad_norm} and
 *       {@code pi_grad_norm} are the global ones);</li>
 *   <li>{@code param_norm_<c>} = ‖θ_c‖₂ after the step;</li>
 *   <li>{@code update_ratio_<c>} = ‖θ_c,after − θ_c,before‖₂ / ‖θ_c,before‖₂;</li>
 * </ul>
 * and over all parameters of the optimizer {@code param_norm_<opt>} and {@code update_ratio_<opt>} (opt: world,
 * pi). Host copies of every parameter and gradient, twice per update: a diagnostic, off by default. Reads
 * only; nothing it does changes the update.
 */
final class GradientStats {
    private final Backend backend;
    private final Map<Tensor, String> componentOf = new IdentityHashMap<>();
    private final Map<Adam, Snapshot> before = new IdentityHashMap<>();

    private record Snapshot(Map<String, List<float[]>> params) {}

    GradientStats(WorldModel model) {
        this.backend = model.backend();
        model.params().asMap().forEach((name, t) -> {
            int dot = name.indexOf('.');
            componentOf.put(t, dot < 0 ? name : name.substring(0, dot));
        });
    }

    /** After the backward pass, before clipping: the gradient norms into {@code metrics}, the parameters kept. */
    void beforeStep(Adam optimizer, Map<String, Double> metrics) {
        Map<String, double[]> gradSq = new LinkedHashMap<>();
        Map<String, List<float[]>> params = new LinkedHashMap<>();
        for (AdamSlot s : optimizer.slots()) {
            String c = componentOf.get(s.param());
            gradSq.computeIfAbsent(c, k -> new double[1])[0] += sumSquares(backend.toArray(s.grad()));
            params.computeIfAbsent(c, k -> new ArrayList<>()).add(backend.toArray(s.param()));
        }
        gradSq.forEach((c, sq) -> metrics.put("grad_norm_" + c, Math.sqrt(sq[0])));
        before.put(optimizer, new Snapshot(params));
    }

    /** After the step: parameter norms and update/parameter ratios into {@code metrics}, named by {@code name}. */
    void afterStep(Adam optimizer, String name, Map<String, Double> metrics) {
        Snapshot snap = before.remove(optimizer);
        if (snap == null) {
            throw new IllegalStateException("GradientStats.afterStep: no beforeStep for optimizer " + name);
        }
        Map<String, double[]> sums = new LinkedHashMap<>(); // component → {‖θ_after‖², ‖Δθ‖², ‖θ_before‖²}
        Map<String, Integer> next = new LinkedHashMap<>();
        for (AdamSlot s : optimizer.slots()) {
            String c = componentOf.get(s.param());
            int i = next.merge(c, 1, Integer::sum) - 1;
            float[] was = snap.params().get(c).get(i);
            float[] now = backend.toArray(s.param());
            double[] acc = sums.computeIfAbsent(c, k -> new double[3]);
            for (int j = 0; j < now.length; j++) {
                double d = (double) now[j] - was[j];
                acc[0] += (double) now[j] * now[j];
                acc[1] += d * d;
                acc[2] += (double) was[j] * was[j];
            }
        }
        double[] all = new double[3];
        sums.forEach((c, acc) -> {
            metrics.put("param_norm_" + c, Math.sqrt(acc[0]));
            metrics.put("update_ratio_" + c, ratio(acc));
            for (int k = 0; k < 3; k++) {
                all[k] += acc[k];
            }
        });
        metrics.put("param_norm_" + name, Math.sqrt(all[0]));
        metrics.put("update_ratio_" + name, ratio(all));
    }

    private static double ratio(double[] acc) {
        return acc[2] > 0 ? Math.sqrt(acc[1] / acc[2]) : 0;
    }

    private static double sumSquares(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return s;
    }
}
