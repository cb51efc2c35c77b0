package dev.frozen.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.features.FeatureSet;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class HeadsTest {
    static final Blobs BLOBS = new Blobs(10, 20, 1);
    static final FeatureSet TRAIN = BLOBS.sample(400, 2);
    static final FeatureSet TEST = BLOBS.sample(200, 3);
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    static final DenseOptions SMALL_DENSE = DenseOptions.of(Map.of("hidden", "32", "dropout", "0.3", "lr", "1e-2", "epochs", "10", "batch", "50"));

    @TempDir
    Path tmp;

    private static Head train(HeadOptions o, long seed) {
        return Heads.train(o, TRAIN, null, seed, QUIET);
    }

    @Test
    void linearSvmSeparatesBlobs() {
        Head h = train(SvmOptions.defaults(), 1);
        assertTrue(Blobs.accuracy(h, TEST) > 0.95, "accuracy " + Blobs.accuracy(h, TEST));
        assertInstanceOf(LinearHead.class, h);
    }

    @Test
    void rbfSvmSeparatesBlobs() {
        Head h = train(SvmOptions.of(Map.of("C", "1.0", "kernel", "rbf", "tol", "1e-3", "max_iter", "1000")), 1);
        assertTrue(Blobs.accuracy(h, TEST) > 0.95, "accuracy " + Blobs.accuracy(h, TEST));
        assertEquals(1.0 / 21, (double) h.params().get("gamma"), 1e-12);
    }

    @Test
    void logregSeparatesBlobsWithProbabilities() {
        Head h = train(LogRegOptions.defaults(), 1);
        assertTrue(Blobs.accuracy(h, TEST) > 0.95, "accuracy " + Blobs.accuracy(h, TEST));
        double[] p = h.scores(TEST.features())[0];
        assertEquals(1.0, Arrays.stream(p).sum(), 1e-9);
    }

    @Test
    void denseSeparatesBlobsAndKeepsBestValEpoch() {
        FeatureSet val = BLOBS.sample(100, 4);
        java.io.ByteArrayOutputStream logged = new java.io.ByteArrayOutputStream();
        Head h = Heads.train(SMALL_DENSE, TRAIN, val, 7, new java.io.PrintStream(logged, true));
        assertTrue(Blobs.accuracy(h, TEST) > 0.95, "accuracy " + Blobs.accuracy(h, TEST));
        // The kept epoch must be the first one with the highest validation accuracy that training reported.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("dense epoch (\\d+)/\\d+: train loss \\S+, val loss \\S+, val accuracy (\\S+)")
                .matcher(logged.toString());
        int bestEpoch = -1;
        double bestAcc = -1;
        while (m.find()) {
            double acc = Double.parseDouble(m.group(2));
            if (acc > bestAcc) {
                bestAcc = acc;
                bestEpoch = Integer.parseInt(m.group(1));
            }
        }
        assertTrue(bestEpoch >= 1, "no per-epoch validation lines in\n" + logged);
        assertEquals(bestEpoch, (int) h.params().get("kept_epoch"));
    }

    @Test
    void twoClassProblemsWork() {
        Blobs two = new Blobs(2, 5, 8);
        FeatureSet train = two.sample(100, 1);
        FeatureSet test = two.sample(40, 2);
        for (HeadOptions o : List.<HeadOptions>of(SvmOptions.defaults(), LogRegOptions.defaults())) {
            Head h = Heads.train(o, train, null, 1, QUIET);
            assertTrue(Blobs.accuracy(h, test) > 0.95, o.kind().id());
        }
    }

    @Test
    void sameSeedSameModelForLinearHeads() {
        for (HeadOptions o : List.<HeadOptions>of(SvmOptions.defaults(), LogRegOptions.defaults())) {
            double[][] a = train(o, 5).scores(TEST.features());
            double[][] b = train(o, 5).scores(TEST.features());
            assertArrayEquals(a, b, o.kind().id());
        }
    }

    @Test
    void sameSeedSameDenseNetworkOnCpu() {
        DenseHead a = (DenseHead) train(SMALL_DENSE, 11);
        DenseHead b = (DenseHead) train(SMALL_DENSE, 11);
        assertEquals(a.parameters(), b.parameters());
        assertArrayEquals(a.scores(TEST.features()), b.scores(TEST.features()));
    }

    @Test
    void inputDenseLayerTrainsExactlyLikeTheStockLayer() throws Exception {
        MultiLayerConfiguration fast = DenseNetworks.network(SMALL_DENSE, 21, 10, 3);
        // The same configuration with the stock layer class in place of ours.
        String json = fast.toJson();
        assertTrue(json.contains(InputDenseLayer.class.getName()));
        MultiLayerConfiguration stock = MultiLayerConfiguration.fromJson(
                json.replace(InputDenseLayer.class.getName(), DenseLayer.class.getName()));
        INDArray[] params = new INDArray[2];
        int i = 0;
        for (MultiLayerConfiguration conf : List.of(fast, stock)) {
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            Nd4j.getRandom().setSeed(5);
            float[][] x = Arrays.copyOf(TRAIN.features(), 64);
            float[][] y = new float[64][10];
            for (int r = 0; r < 64; r++) {
                y[r][TRAIN.labels()[r]] = 1;
            }
            for (int step = 0; step < 3; step++) {
                net.fit(new DataSet(Nd4j.create(x), Nd4j.create(y)));
            }
            params[i++] = net.params().dup();
        }
        assertInstanceOf(InputDenseLayer.class, fast.getConf(0).getLayer());
        assertEquals(DenseLayer.class, stock.getConf(0).getLayer().getClass());
        assertArrayEquals(params[1].toFloatVector(), params[0].toFloatVector());
    }

    @Test
    void savedHeadsPredictTheSame() {
        List<HeadOptions> all = List.of(SvmOptions.defaults(), SvmOptions.of(Map.of("C", "1.0", "kernel", "rbf", "gamma", "0.05", "tol", "1e-3", "max_iter", "1000")),
                LogRegOptions.defaults(), SMALL_DENSE);
        int i = 0;
        for (HeadOptions o : all) {
            Head h = train(o, 3);
            Path dir = tmp.resolve("m" + i++);
            h.save(dir);
            Head back = Heads.load(dir);
            assertEquals(h.kind(), back.kind());
            assertEquals(h.classNames(), back.classNames());
            assertEquals(h.probabilistic(), back.probabilistic());
            double[][] s1 = h.scores(TEST.features());
            double[][] s2 = back.scores(TEST.features());
            for (int r = 0; r < s1.length; r++) {
                assertArrayEquals(s1[r], s2[r], 1e-6, o.kind().id());
            }
        }
    }
}
