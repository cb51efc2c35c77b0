package dev.frozen.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.backbone.Vgg16;
import dev.frozen.features.FeatureSet;
import dev.frozen.training.NativeTop;
import dev.frozen.training.OneDnnBlocks;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The oneDNN fine-tuning path against the DL4J layers it replaces, on small shapes: forward activations,
 * gradients of every trainable kernel and bias, Adam's update, and a whole training run.
 */
class FastFineTuneTest {
    private static final int SIZE = 64;

    private static MultiLayerNetwork dl4j(DenseOptions o, CachedLayer source, int classes, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(DenseNetworks.network(o, source, classes, seed));
        net.init();
        ConvBlocks.load(net, source.block() + 1, FineTuneTest.WEIGHTS);
        return net;
    }

    /** {@code what} with {@code FROZEN_FINETUNE=dl4j} in force: DL4J's own layers and {@code fit}, for cross-checks. */
    private static <T> T onDl4jLayers(java.util.function.Supplier<T> what) {
        System.setProperty("frozen.finetune", "dl4j");
        try {
            return what.get();
        } finally {
            System.clearProperty("frozen.finetune");
        }
    }

    private static float[] oneHot(int n, int k) {
        float[] y = new float[n * k];
        for (int i = 0; i < n; i++) {
            y[i * k + i % k] = 1f;
        }
        return y;
    }

    private static double relMax(float[] actual, float[] expected) {
        double scale = 1e-12;
        double diff = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
        }
        return diff / scale;
    }

    /** Gradients of every convolution parameter equal DL4J's, for a frozen block below trainable ones too. */
    @org.junit.jupiter.params.ParameterizedTest(name = "winograd={0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void gradientsEqualTheDl4jLayers(boolean winograd) {
        check("block3_pool", 1, winograd); // block 4 frozen, block 5 trainable
        check("block3_pool", 2, winograd); // blocks 4 and 5 trainable
        check("block2_pool", 2, winograd); // block 3 frozen
    }

    /**
     * Direct-only plans never name a Winograd kernel; where oneDNN has Winograd (AVX-512 CPUs), plans that may use it
     * run every trainable convolution through it, forward and backward.
     */
    @Test
    void winogradIsUsedWhereOneDnnHasItAndNeverWhenDirectIsAsked() {
        int n = 3;
        String layer = "block3_pool";
        CachedLayer source = FineTuneTest.cached(layer, SIZE);
        DenseOptions o = DenseOptions.of(Map.of("hidden", "8", "dropout", "0.0", "lr", "1e-3", "epochs", "1", "batch", String.valueOf(n), "trainable_blocks", "1"));
        List<Integer> s = source.shape();
        List<String> direct;
        List<String> winograd;
        try (FastFineTune ft = new FastFineTune(dl4j(o, source, 2, 5), source.block() + 1, 1, s, false)) {
            direct = ft.blocks().describe(n);
        }
        try (FastFineTune ft = new FastFineTune(dl4j(o, source, 2, 5), source.block() + 1, 1, s, true)) {
            winograd = ft.blocks().describe(n);
        }
        assertTrue(direct.stream().noneMatch(d -> d.contains("wino")), direct.toString());
        List<String> trainableConvs = winograd.stream()
                .filter(d -> d.matches("block5_conv\\d(_bwd_weights|_bwd_data)?=.*")).toList();
        assertEquals(3 + 3 + 2, trainableConvs.size(), winograd.toString()); // forward, weights, data (not the lowest)
        boolean hasWino = trainableConvs.stream().anyMatch(d -> d.contains("wino"));
        boolean allWino = trainableConvs.stream().allMatch(d -> d.contains("wino"));
        assertEquals(hasWino, allWino, "Winograd for some trainable convolutions only: " + trainableConvs);
        assertTrue(winograd.stream().filter(d -> d.startsWith("block4_conv")).noneMatch(d -> d.contains("wino")),
                "frozen convolutions stay direct: " + winograd);
    }

    private void check(String layer, int k, boolean winograd) {
        int n = 3;
        int classes = 3;
        CachedLayer source = FineTuneTest.cached(layer, SIZE);
        float[] x = FineTuneTest.features(layer, FineTuneTest.images(n, SIZE, 21), n, SIZE);
        float[] y = oneHot(n, classes);
        DenseOptions o = DenseOptions.of(Map.of("hidden", "8", "dropout", "0.0", "lr", "1e-3", "epochs", "1", "batch", String.valueOf(n), "trainable_blocks", String.valueOf(k)));
        MultiLayerNetwork reference = dl4j(o, source, classes, 5);
        List<Integer> s = source.shape();
        INDArray xa = Nd4j.create(x, new long[] {n, s.get(0), s.get(1), s.get(2)}, 'c');
        INDArray pooled = reference.feedForward(xa, false).get(ConvBlocks.layerCount(source.block() + 1)).dup();
        reference.setInput(xa);
        reference.setLabels(Nd4j.create(y, new long[] {n, classes}, 'c'));
        reference.computeGradientAndScore();
        Gradient g = reference.gradient();

        try (FastFineTune ft = new FastFineTune(dl4j(o, source, classes, 5), source.block() + 1, k, s, winograd)) {
            OneDnnBlocks blocks = ft.blocks();
            float[] out = blocks.forward(x, n);
            double fe = relMax(out, pooled.dup('c').data().asFloat());
            assertTrue(fe < 1e-4, layer + " K=" + k + " forward relative error " + fe);
            ft.gradients(x, y, n, classes);

            int layerIndex = 0;
            int trainable = 0;
            for (int conv = 0; conv < blocks.convCount(); conv++) {
                if (blocks.trainable(conv)) {
                    // DL4J's gradient is a sum over rows; the fast path's already divides by n.
                    float[] gw = g.getGradientFor(layerIndex + "_W").dup('c').data().asFloat();
                    float[] gb = g.getGradientFor(layerIndex + "_b").dup('c').data().asFloat();
                    float[] fw = scale(blocks.kernelGradient(conv), n);
                    float[] fb = scale(blocks.biasGradient(conv), n);
                    String what = layer + " K=" + k + " " + blocks.conv(conv).name();
                    assertTrue(relMax(fw, gw) < 1e-3, what + " kernel gradient error " + relMax(fw, gw));
                    assertTrue(relMax(fb, gb) < 1e-3, what + " bias gradient error " + relMax(fb, gb));
                    trainable++;
                }
                layerIndex++;
                boolean lastInBlock = conv + 1 == blocks.convCount()
                        || blocks.conv(conv + 1).block() != blocks.conv(conv).block();
                if (lastInBlock) {
                    layerIndex++; // the pooling layer
                }
            }
            assertEquals(k == 2 ? 6 : 3, trainable);
            // The dense top (dense, then output), computed outside DL4J through oneDNN's sgemm.
            int first = ConvBlocks.layerCount(source.block() + 1);
            for (int l = 0; l < 2; l++) {
                float[] ew = g.getGradientFor((first + l) + "_W").dup('c').data().asFloat();
                float[] eb = g.getGradientFor((first + l) + "_b").dup('c').data().asFloat();
                float[] aw = scale(ft.top().weightGradient(l).dup('c').data().asFloat(), n);
                float[] ab = scale(ft.top().biasGradient(l).dup('c').data().asFloat(), n);
                String what = layer + " K=" + k + " top layer " + l;
                assertEquals(ew.length, aw.length, what);
                assertTrue(relMax(aw, ew) < 1e-4, what + " weight gradient error " + relMax(aw, ew));
                assertTrue(relMax(ab, eb) < 1e-4, what + " bias gradient error " + relMax(ab, eb));
            }
        }
    }

    private static float[] scale(float[] a, float f) {
        float[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= f;
        }
        return out;
    }

    /**
     * Two Adam steps through the fast path equal DL4J's {@code fit} on the same batches: each parameter moves by
     * DL4J's update to within a small fraction of the learning rate (Adam's first steps are about +-lr per
     * parameter, so a sign error or a wrong bias correction would show as a whole lr).
     */
    @Test
    void adamStepsMatchDl4jFit() {
        int n = 4;
        int classes = 2;
        String layer = "block3_pool";
        CachedLayer source = FineTuneTest.cached(layer, SIZE);
        float[] x = FineTuneTest.features(layer, FineTuneTest.images(n, SIZE, 22), n, SIZE);
        float[] y = oneHot(n, classes);
        double lr = 1e-3;
        DenseOptions o = DenseOptions.of(Map.of("hidden", "8", "dropout", "0.0", "lr", String.valueOf(lr), "epochs", "1", "batch", String.valueOf(n), "trainable_blocks", "1"));
        List<Integer> s = source.shape();
        MultiLayerNetwork reference = dl4j(o, source, classes, 7);
        INDArray before = reference.params().dup();
        DataSet ds = new DataSet(Nd4j.create(x, new long[] {n, s.get(0), s.get(1), s.get(2)}, 'c'),
                Nd4j.create(y, new long[] {n, classes}, 'c'));
        reference.fit(ds);
        reference.fit(ds);
        MultiLayerNetwork fast = dl4j(o, source, classes, 7);
        assertArrayEquals(before.data().asFloat(), fast.params().data().asFloat());
        // Direct convolutions: Winograd's different rounding moves gradient entries that are float noise (this tiny
        // batch has many), and Adam turns each into a whole +-lr step; its gradients are checked above.
        try (FastFineTune ft = new FastFineTune(fast, source.block() + 1, 1, s, false)) {
            ft.step(x, y, n, classes);
            ft.step(x, y, n, classes);
            ft.writeBack();
        }
        float[] a = fast.params().sub(before).data().asFloat();
        float[] e = reference.params().sub(before).data().asFloat();
        double worst = 0;
        int far = 0;
        for (int i = 0; i < e.length; i++) {
            double d = Math.abs(a[i] - e[i]);
            worst = Math.max(worst, d);
            if (d > 0.05 * lr) {
                far++;
            }
        }
        // A handful of parameters whose gradient is float noise (a sum that cancels) may take Adam's +-lr step
        // with either sign on either path; all others must agree.
        assertTrue(far <= e.length / 20000, far + " of " + e.length + " parameters differ by more than lr/20; worst "
                + worst);
        assertTrue(worst <= 2.01 * lr, "worst parameter difference " + worst);
        double moved = fast.params().sub(before).amaxNumber().doubleValue();
        assertTrue(moved > 0.5 * lr, "the fast path should have trained (max change " + moved + ")");
    }

    /** A whole run through DenseHead: the fast path and the DL4J path keep the same epoch and predict alike. */
    @Test
    void denseHeadTrainsThroughTheFastPathLikeTheDl4jPath() {
        int n = 24;
        String layer = "block3_pool";
        Random r = new Random(3);
        float[][] x = FineTuneTest.rows(FineTuneTest.features(layer, FineTuneTest.images(n, 32, 23), n, 32), n);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(2);
        }
        FeatureSet train = new FeatureSet(x, labels, List.of("a", "b"));
        DenseOptions o = DenseOptions.of(Map.of("hidden", "8", "dropout", "0.3", "lr", "1e-4", "epochs", "2", "batch", "8", "trainable_blocks", "1"));
        CachedLayer source = FineTuneTest.cached(layer, 32);
        DenseHead fast = DenseTrainer.train(o, train, train, 9, source, FineTuneTest.QUIET);
        DenseHead slow = onDl4jLayers(() -> DenseTrainer.train(o, train, train, 9, source, FineTuneTest.QUIET));
        double[][] pf = fast.scores(x);
        double[][] ps = slow.scores(x);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 2; c++) {
                worst = Math.max(worst, Math.abs(pf[i][c] - ps[i][c]));
            }
        }
        assertTrue(worst < 1e-2, "probabilities differ by " + worst);
        assertEquals(slow.params().get("kept_epoch"), fast.params().get("kept_epoch"));

        // Scoring goes through oneDNN too; it must give what the same network gives through DL4J's layers.
        double[][] dl4jScores = onDl4jLayers(() -> fast.scores(x));
        double diff = 0;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 2; c++) {
                diff = Math.max(diff, Math.abs(pf[i][c] - dl4jScores[i][c]));
            }
        }
        assertTrue(diff < 1e-4, "oneDNN and DL4J scoring of one network differ by " + diff);
        assertEquals(Vgg16.BLOCKS, 5);
    }
    /**
     * The dense head over flat rows (no conv blocks) trains through {@link NativeTop} as DL4J's {@code fit} trains
     * it: same dropout masks, Adam and kept epoch, so the two models predict alike.
     */
    @Test
    void flatDenseHeadTrainsThroughTheNativeTopLikeDl4jFit() {
        Blobs blobs = new Blobs(3, 12, 4);
        FeatureSet train = blobs.sample(90, 1);
        FeatureSet val = blobs.sample(30, 2);
        DenseOptions o = DenseOptions.of(Map.of("hidden", "16,8", "dropout", "0.3", "lr", "1e-2", "epochs", "4", "batch", "16", "trainable_blocks", "0"));
        DenseHead fast = DenseTrainer.train(o, train, val, 9, null, FineTuneTest.QUIET);
        DenseHead slow = onDl4jLayers(() -> DenseTrainer.train(o, train, val, 9, null, FineTuneTest.QUIET));
        assertEquals(slow.params().get("kept_epoch"), fast.params().get("kept_epoch"));
        double[][] pf = fast.scores(val.features());
        double[][] ps = slow.scores(val.features());
        double worst = 0;
        for (int i = 0; i < pf.length; i++) {
            for (int c = 0; c < 3; c++) {
                worst = Math.max(worst, Math.abs(pf[i][c] - ps[i][c]));
            }
        }
        assertTrue(worst < 1e-3, "probabilities differ by " + worst);
        // and training did something: the model is far from uniform
        assertTrue(Math.abs(pf[0][0] - 1.0 / 3) > 0.05, "probabilities still near uniform: " + pf[0][0]);
    }
    /** Inference through the native top equals DL4J's output, for a batch and for each row alone (unit strides). */
    @Test
    void nativeTopPredictsWhatDl4jPredictsRowByRowAndInBatches() {
        DenseOptions o = DenseOptions.of(Map.of("hidden", "16", "dropout", "0.3", "lr", "1e-2", "epochs", "1", "batch", "4", "trainable_blocks", "0"));
        MultiLayerNetwork net = new MultiLayerNetwork(DenseNetworks.network(o, 12, 3, 5));
        net.init();
        FeatureSet rows = new Blobs(3, 11, 4).sample(5, 1); // 11 features plus a constant one
        INDArray x = Nd4j.create(rows.features());
        NativeTop top = new NativeTop(net, 0, 12);
        float[] expected = net.output(x, false).dup('c').data().asFloat();
        float[] batch = top.forward(x, false, 0, 0).dup('c').data().asFloat();
        assertTrue(relMax(batch, expected) < 1e-5, "batch differs by " + relMax(batch, expected));
        for (int i = 0; i < 5; i++) {
            float[] one = top.forward(x.getRow(i, true).dup(), false, 0, 0).data().asFloat();
            float[] want = java.util.Arrays.copyOfRange(expected, i * 3, i * 3 + 3);
            assertTrue(relMax(one, want) < 1e-5, "row " + i + " alone differs by " + relMax(one, want));
        }
    }
}
