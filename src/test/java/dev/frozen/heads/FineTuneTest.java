package dev.frozen.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.UsageError;
import dev.frozen.backbone.FrozenBase;
import dev.frozen.backbone.Vgg16;
import dev.frozen.backbone.Vgg16Weights;
import dev.frozen.features.FeatureSet;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The dense head with VGG16 convolution blocks rebuilt above the cached layer ({@code trainable_blocks} > 0). */
class FineTuneTest {
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    static final Vgg16Weights WEIGHTS = Vgg16Weights.random(11);

    @TempDir
    Path tmp;

    /** Random pixels in roughly the range of caffe-preprocessed images, HWC. */
    static float[] images(int count, int size, long seed) {
        Random r = new Random(seed);
        float[] x = new float[count * size * size * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat() * 255f - 120f;
        }
        return x;
    }

    static float[] features(String layer, float[] images, int count, int size) {
        try (FrozenBase base = FrozenBase.create(WEIGHTS, layer, FrozenBase.Engine.ND4J)) {
            return base.forward(images, count, size);
        }
    }

    static float[][] rows(float[] flat, int count) {
        int d = flat.length / count;
        float[][] out = new float[count][];
        for (int i = 0; i < count; i++) {
            out[i] = Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        }
        return out;
    }

    static CachedLayer cached(String layer, int inputSize) {
        return new CachedLayer("test-entry", layer, Vgg16.outputShape(layer, inputSize), () -> WEIGHTS);
    }

    static double relativeError(INDArray actual, INDArray expected) {
        double scale = Math.max(1e-12, expected.amaxNumber().doubleValue());
        return actual.sub(expected).amaxNumber().doubleValue() / scale;
    }

    @Test
    void rebuiltBlocksAndFlattenMatchTheFrozenBaseEndToEnd() {
        // 64 px: block3_pool is 8x8x256 and block5_pool 2x2x512, so a wrong flatten order would show.
        int n = 2;
        int size = 64;
        float[] img = images(n, size, 3);
        float[] cut = features("block3_pool", img, n, size);
        float[] top = features("block5_pool", img, n, size);

        DenseOptions o = DenseOptions.of(Map.of("hidden", "8", "dropout", "0.3", "lr", "1e-3", "epochs", "1", "batch", "4", "trainable_blocks", "1")); // block 4 frozen, block 5 trainable
        CachedLayer source = cached("block3_pool", size);
        MultiLayerNetwork net = new MultiLayerNetwork(DenseNetworks.network(o, source, 3, 5));
        net.init();
        ConvBlocks.load(net, 4, WEIGHTS);

        INDArray x = Nd4j.create(cut, new long[] {n, 8, 8, 256}, 'c');
        List<INDArray> acts = net.feedForward(x, false);
        INDArray pooled = acts.get(ConvBlocks.layerCount(4)); // output of block5_pool, NHWC
        INDArray expected = Nd4j.create(top, new long[] {n, 2 * 2 * 512}, 'c');
        assertArrayEquals(new long[] {n, 2, 2, 512}, pooled.shape());
        double err = relativeError(pooled.reshape('c', n, 2048), expected);
        assertTrue(err < 1e-4, "block5_pool relative error " + err);

        // The whole network equals the dense top alone on Keras-flattened block5_pool features.
        MultiLayerNetwork flat = new MultiLayerNetwork(DenseNetworks.network(o, 2048, 3, 5));
        flat.init();
        long convParams = 0;
        for (int i = 0; i < ConvBlocks.layerCount(4); i++) {
            convParams += net.getLayer(i).numParams();
        }
        flat.setParams(net.params().get(NDArrayIndex.interval(convParams, net.numParams())).dup());
        INDArray a = net.output(x, false);
        INDArray b = flat.output(expected, false);
        double outErr = relativeError(a, b);
        assertTrue(outErr < 1e-4, "softmax output relative error " + outErr);
    }

    @Test
    void trainableBlockLearnsWhileFrozenBlockStaysBitIdentical() throws Exception {
        int n = 8;
        int size = 32;
        float[][] x = rows(features("block3_pool", images(n, size, 4), n, size), n);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
        }
        FeatureSet train = new FeatureSet(x, labels, List.of("a", "b"));
        DenseOptions o = DenseOptions.of(Map.of("hidden", "8", "dropout", "0.3", "lr", "1e-3", "epochs", "1", "batch", "4", "trainable_blocks", "1")); // two steps
        DenseHead head = DenseTrainer.train(o, train, null, 9, cached("block3_pool", size), QUIET);
        MultiLayerNetwork net = head.network();

        int index = 0;
        for (int block = 4; block <= 5; block++) {
            for (Vgg16.Conv c : Vgg16.convsOfBlock(block)) {
                float[] initial = Nd4j.create(WEIGHTS.get(c.name()).kernel(), new long[] {3, 3, c.in(), c.out()},
                        DataType.FLOAT).permute(3, 2, 0, 1).dup('c').data().asFloat();
                float[] now = net.getLayer(index).getParam("W").dup('c').data().asFloat();
                if (block == 4) {
                    assertArrayEquals(initial, now, c.name() + " is frozen");
                    assertArrayEquals(WEIGHTS.get(c.name()).bias(), net.getLayer(index).getParam("b").dup('c').data().asFloat());
                } else {
                    assertFalse(Arrays.equals(initial, now), c.name() + " should have been trained");
                }
                index++;
            }
            index++;
        }
        assertEquals(1, head.params().get("trainable_blocks"));

        // Saved and reloaded, the head predicts identically, and it stores no standardizer.
        Path dir = tmp.resolve("model");
        head.save(dir);
        Head loaded = Heads.load(dir);
        assertArrayEquals(flatten(head.scores(x)), flatten(loaded.scores(x)));
        assertNull(HeadFile.read(dir).standardizer());
        assertEquals(1, loaded.params().get("trainable_blocks"));
    }

    private static double[] flatten(double[][] m) {
        return Arrays.stream(m).flatMapToDouble(Arrays::stream).toArray();
    }

    @Test
    void cachedLayerMustLieBelowTheTrainableBlocks() {
        UsageError e = assertThrows(UsageError.class, () -> cached("block4_pool", 32).requireBelowTrainable(2));
        assertEquals(dev.frozen.Setting.key("trainable_blocks") + " 2 needs features cached at a pool layer, block3_pool or "
                + "below, but entry test-entry is cached at block4_pool; extract block3_pool with the entry's other settings",
                e.getMessage());
        dev.frozen.features.Manifest manifest = dev.frozen.features.TestManifests.of("test-entry", 2, 1, 1, List.of("a", "b"));
        CachedLayer withHint = new CachedLayer("test-entry", "block5_pool", Vgg16.outputShape("block5_pool", 32), () -> WEIGHTS,
                false, layer -> new dev.frozen.features.ExtractHint(manifest, Path.of("/f"), layer));
        // The advice travels as a value (the command line spells it out), after the problem in domain words.
        dev.frozen.features.ExtractAgain hinted = assertThrows(dev.frozen.features.ExtractAgain.class,
                () -> withHint.requireBelowTrainable(1));
        assertEquals(new dev.frozen.features.ExtractHint(manifest, Path.of("/f"), "block4_pool"), hinted.hint());
        assertTrue(hinted.getMessage().endsWith("but entry test-entry is cached at block5_pool"), hinted.getMessage());
        CachedLayer conv = new CachedLayer("test-entry", "block4_conv3", Vgg16.outputShape("block4_conv3", 32), () -> WEIGHTS);
        UsageError notPool = assertThrows(UsageError.class, () -> conv.requireBelowTrainable(1));
        assertTrue(notPool.getMessage().contains("needs features cached at a pool layer, block4_pool or below")
                && notPool.getMessage().contains("cached at block4_conv3"), notPool.getMessage());
        cached("block3_pool", 32).requireBelowTrainable(2);
        cached("block5_pool", 32).requireBelowTrainable(0);

        FeatureSet rows = new FeatureSet(new float[][] {new float[2048], new float[2048]}, new int[] {0, 1}, List.of("a", "b"));
        DenseOptions two = DenseOptions.of(Map.of("hidden", "4", "dropout", "0.3", "lr", "1e-3", "epochs", "1", "batch", "2", "trainable_blocks", "2"));
        assertThrows(UsageError.class, () -> DenseTrainer.train(two, rows, null, 1, cached("block4_pool", 32), QUIET));
        DenseOptions one = DenseOptions.of(Map.of("hidden", "4", "dropout", "0.3", "lr", "1e-3", "epochs", "1", "batch", "2", "trainable_blocks", "1"));
        assertThrows(UsageError.class, () -> Heads.train(one, rows, null, 1, QUIET)); // no cached layer known
    }

    @Test
    void trainableBlocksMustBeZeroToFive() {
        assertEquals("trainable_blocks must be in 0..5 (got 6)",
                assertThrows(UsageError.class, () -> DenseOptions.of(Map.of("hidden", "10", "dropout", "0.3", "lr", "1e-3", "epochs", "1", "batch", "1", "trainable_blocks", "6"))).getMessage());
        assertThrows(UsageError.class, () -> DenseOptions.of(Map.of("hidden", "10", "dropout", "0.3", "lr", "1e-3", "epochs", "1", "batch", "1", "trainable_blocks", "-1")));
        assertEquals(0, DenseOptions.defaults().trainableBlocks());
        assertEquals(0, DenseOptions.defaults().params().get("trainable_blocks"));
    }
}
