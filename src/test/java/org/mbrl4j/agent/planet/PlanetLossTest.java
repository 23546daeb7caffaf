package org.mbrl4j.agent.planet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.nn.Mode;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * The RSSM's shapes at PlaNet's sizes, and the whole loss (image, reward and KL terms through the
 * encoder, the RSSM and the decoder) against central differences on a tiny model.
 */
class PlanetLossTest {

    @Test
    void theModelHasPlanetsShapesAndSizes() {
        var f = new PlanetFixture("planet.deter_size=200", "planet.stoch_size=30", "planet.hidden_size=200",
                "planet.cnn_depth=32", "planet.reward_units=300", "planet.reward_layers=3");
        try (Backend be = new CpuBackend(); Graph g = new Graph(be)) {
            PlanetModel model = new PlanetModel(be, f.config.planet().model(), 1, 1);
            assertEquals(230, model.featureSize());
            Pass p = new Pass(g, Mode.EVAL, new Rng(1, 1));
            Tensor frames = g.constant(new float[2 * Frames.SIZE], 2, 3, 64, 64);
            Tensor embed = model.encoder().forward(p, frames);
            assertArrayEquals(new int[] {2, 1024}, embed.shape());
            RssmCell.Prior prior = model.cell().prior(p, g.constant(new float[60], 2, 30), g.constant(new float[2], 2, 1),
                    g.constant(new float[400], 2, 200));
            assertArrayEquals(new int[] {2, 200}, prior.h().shape());
            assertArrayEquals(new int[] {2, 30}, prior.dist().mean().shape());
            for (float s : be.toArray(prior.dist().std())) {
                assertTrue(s > 0.1f, "std = softplus + 0.1 > 0.1, got " + s);
            }
            RssmCell.Gaussian post = model.cell().posterior(p, prior.h(), embed);
            assertArrayEquals(new int[] {2, 30}, post.std().shape());
            Tensor features = RssmCell.features(g, RssmCell.sample(g, post, new Rng(1, 2).reserve(60)), prior.h());
            assertArrayEquals(new int[] {2, 3, 64, 64}, model.decoder().forward(p, features).shape());
            assertArrayEquals(new int[] {2}, model.reward().forward(p, features).shape());
            assertEquals(List.of("encoder", "rssm", "decoder", "reward_head"), List.copyOf(model.parameterCounts().keySet()));
            assertEquals(3 * 32 * 16 + 32 + 32 * 64 * 16 + 64 + 64 * 128 * 16 + 128 + 128 * 256 * 16 + 256,
                    model.parameterCounts().get("encoder"));
        }
    }

    /**
     * The gradient of the whole loss along a random direction of each component's parameters (encoder,
     * RSSM, decoder, reward head) against the central difference of the loss along it. The loss is
     * about 1.2e4 in float32 (the image NLL holds ½·12288·ln 2π per frame), too coarse to difference one
     * parameter at a time; along a direction of all of a component's parameters the change is far above
     * that resolution. free_nats 0 keeps the KL smooth (the clamp has its own test, PlanetUpdateTest).
     */
    @Test
    void theWholeLossMatchesCentralDifferencesAlongEachComponent() {
        var f = new PlanetFixture("planet.free_nats=0", "planet.batch_size=2", "planet.chunk_length=3");
        try (Backend be = new CpuBackend()) {
            PlanetModel model = new PlanetModel(be, f.config.planet().model(), 1, 7);
            Batch batch = f.buffer.sample(2, 3, new Rng(1, 1));
            // Biases start at zero, so a unit fed by dead ReLUs would sit exactly on its kink: move them off it.
            Rng biasRng = new Rng(13, 1);
            model.params().asMap().forEach((name, t) -> {
                if (name.endsWith(".bias")) {
                    float[] v = new float[Math.toIntExact(t.numel())];
                    biasRng.fillUniform(v, -0.1f, 0.1f);
                    be.upload(v, 0, t);
                }
            });
            for (String component : List.of("encoder", "rssm", "decoder", "reward")) {
                List<Tensor> params = model.params().under(component);
                Rng dirRng = new Rng(11, component.hashCode());
                List<float[]> base = new ArrayList<>();
                List<float[]> dir = new ArrayList<>();
                for (Tensor t : params) {
                    base.add(be.toArray(t));
                    float[] d = new float[Math.toIntExact(t.numel())];
                    dirRng.fillNormal(d, 0f, 1f);
                    dir.add(d);
                }
                double analytic = 0;
                try (Graph g = new Graph(be)) {
                    model.params().zeroGrad();
                    g.backward(loss(g, model, f, batch));
                    for (int i = 0; i < params.size(); i++) {
                        float[] grad = be.toArray(params.get(i).grad());
                        for (int j = 0; j < grad.length; j++) {
                            analytic += (double) grad[j] * dir.get(i)[j];
                        }
                    }
                }
                double h = 1e-3;
                double plus = shifted(be, model, f, batch, params, base, dir, h);
                double minus = shifted(be, model, f, batch, params, base, dir, -h);
                for (int i = 0; i < params.size(); i++) {
                    be.upload(base.get(i), 0, params.get(i));
                }
                double numeric = (plus - minus) / (2 * h);
                assertEquals(analytic, numeric, 0.03 * Math.abs(analytic) + 0.05, component + ": dL/dθ·d analytic "
                        + analytic + " vs central difference " + numeric);
            }
        }
    }

    private static Tensor loss(Graph g, PlanetModel model, PlanetFixture f, Batch batch) {
        return PlanetUpdate.losses(new Pass(g, Mode.TRAIN, new Rng(1, 0)), model, f.config.planet().training(), batch,
                new Rng(5, 5)).loss();
    }

    private static double shifted(Backend be, PlanetModel model, PlanetFixture f, Batch batch, List<Tensor> params,
            List<float[]> base, List<float[]> dir, double h) {
        for (int i = 0; i < params.size(); i++) {
            float[] v = base.get(i).clone();
            for (int j = 0; j < v.length; j++) {
                v[j] += (float) (h * dir.get(i)[j]);
            }
            be.upload(v, 0, params.get(i));
        }
        try (Graph g = new Graph(be); var s = g.noGrad()) {
            return be.toArray(loss(g, model, f, batch))[0];
        }
    }
}
