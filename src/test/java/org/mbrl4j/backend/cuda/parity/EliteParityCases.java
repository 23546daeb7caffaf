package org.mbrl4j.backend.cuda.parity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.cuda.CudaBackend;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Tensor;

/**
 * Parity of kernels/elite.cu against the planner's CPU composition (spec 000 steps 8-10): top-K by
 * the CPU's topk, then w = softmax(score/temperature), mean and std over the elites in elite order,
 * std clamped. Header tolerance: indices and scores exact; weights rtol 4·K·2^-24, atol 1e-7;
 * mean/std rtol 4·K·2^-24 relative to max|a|, atol 1e-6.
 */
abstract class EliteParityCases extends ParityCases {

    protected abstract CudaBackend cuda();

    @Override
    protected Backend device() {
        return cuda();
    }

    @ParameterizedTest(name = "N={0} D={1} K={2}")
    @CsvSource({"1, 1, 1", "7, 3, 2", "512, 18, 64", "1000, 5, 17", "4096, 2, 1024"})
    void elite(int n, int d, int k) {
        ParityRun r = run("elite K=" + k, n, d);
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            scores[i] = r.rnd.nextInt(4) == 0 ? 0.5f : (float) r.rnd.nextDouble(-3, 3); // ties included
        }
        float[] actions = new float[n * d];
        for (int i = 0; i < actions.length; i++) {
            actions[i] = (float) r.rnd.nextDouble(-1, 1);
        }
        float temperature = 0.5f;
        float stdMin = 0.05f;
        float stdMax = 2f;
        // reference: CPU topk, then the refit in plain Java in the kernel's evaluation order
        Backend cpu = r.cpu;
        Tensor sc = cpu.fromArray(scores, 1, n);
        Tensor vals = cpu.zeros(1, k);
        Tensor idx = cpu.tensor(DType.I32, false, 1, k);
        cpu.select().topk(sc, k, vals, idx);
        int[] ei = cpu.toIntArray(idx);
        float[] es = cpu.toArray(vals);
        float[] w = new float[k];
        float m = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            w[j] = es[j] / temperature;
            m = Math.max(m, w[j]);
        }
        float z = 0;
        for (int j = 0; j < k; j++) {
            w[j] = (float) Math.exp(w[j] - m);
            z += w[j];
        }
        for (int j = 0; j < k; j++) {
            w[j] = w[j] / z;
        }
        float[] mean = new float[d];
        float[] std = new float[d];
        for (int c = 0; c < d; c++) {
            float mu = 0;
            for (int j = 0; j < k; j++) {
                mu += w[j] * actions[ei[j] * d + c];
            }
            float var = 0;
            for (int j = 0; j < k; j++) {
                float diff = actions[ei[j] * d + c] - mu;
                var += w[j] * (diff * diff);
            }
            mean[c] = mu;
            std[c] = Math.min(Math.max((float) Math.sqrt(var), stdMin), stdMax);
        }
        // device
        CudaBackend dev = cuda();
        Tensor dScores = dev.fromArray(scores, n);
        Tensor dActions = dev.fromArray(actions, n, d);
        Tensor dIdx = dev.tensor(DType.I32, false, k);
        Tensor dEs = dev.zeros(k);
        Tensor dW = dev.zeros(k);
        Tensor dMean = dev.zeros(d);
        Tensor dStd = dev.zeros(d);
        for (Tensor t : new Tensor[] {dEs, dW, dMean, dStd}) {
            dev.fill(t, Float.NaN);
        }
        dev.elite().elite(dScores, dActions, k, temperature, stdMin, stdMax, dIdx, dEs, dW, dMean, dStd);
        int[] gotIdx = dev.toIntArray(dIdx);
        for (int j = 0; j < k; j++) {
            if (gotIdx[j] != ei[j]) {
                throw new AssertionError("elite idx[" + j + "] cpu " + ei[j] + " device " + gotIdx[j] + " (seed " + r.seed
                        + ", N=" + n + ", K=" + k + ")");
            }
        }
        r.compare("eliteScores", es, dev.toArray(dEs), Tol.exact());
        r.compare("weights", w, dev.toArray(dW), Tol.of(4 * k * Tol.U, 1e-7, "elite.cu: 4·K·u, atol 1e-7"));
        Tol refit = Tol.of(4 * k * Tol.U, 4 * k * Tol.U + 1e-6, "elite.cu: 4·K·u relative to max|a| = 1, atol 1e-6");
        r.compare("mean", mean, dev.toArray(dMean), refit);
        r.compare("std", std, dev.toArray(dStd), refit);
    }
}
