package dev.frozen.heads;

import dev.frozen.DataError;
import dev.frozen.Progress;
import dev.frozen.Setting;
import dev.frozen.features.FeatureSet;
import dev.frozen.training.NativeTop;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains a {@link DenseHead}: shuffled mini-batches for a fixed number of epochs, keeping the epoch with the best
 * validation accuracy. The dense top trains through oneDNN's sgemm ({@link NativeTop}), and with trainable
 * convolution blocks the oneDNN path ({@link FastFineTune}) does the epochs; {@code FROZEN_FINETUNE=dl4j} keeps
 * DL4J's own layers and {@code fit} for both.
 */
final class DenseTrainer {
    private DenseTrainer() {}

    /**
     * Trains for {@code o.epochs()} epochs on shuffled mini-batches. With a non-empty validation set the
     * parameters of the epoch with the best validation accuracy are kept (first such epoch on ties).
     * {@code source} says which layer the rows are and which weights made them; it is required (and its
     * weights loaded) only when {@code o.trainableBlocks() > 0}.
     */
    static DenseHead train(DenseOptions o, FeatureSet train, FeatureSet val, long seed, CachedLayer source,
            PrintStream log) {
        if (o.trainableBlocks() > 0) {
            if (source == null) {
                throw new dev.frozen.UsageError(Setting.key("trainable_blocks") + " needs a feature entry from 'frozen extract' "
                        + "(its layer and weights), not bare feature rows");
            }
            source.requireBelowTrainable(o.trainableBlocks());
            if (train.dim() != source.dim()) {
                throw new DataError("entry " + source.entry() + " declares " + source.layer() + " of shape "
                        + source.shape() + " (" + source.dim() + " values) but its rows have " + train.dim());
            }
        }
        // Convolutions are big enough ops to gain from ND4J's own threads; the dense top alone is not.
        try (Nd4jThreads threads = Nd4jThreads.use(Nd4jThreads.forDense(o.trainableBlocks() > 0))) {
            return trainWithCurrentThreads(o, train, val, seed, source, log);
        }
    }

    private static DenseHead trainWithCurrentThreads(DenseOptions o, FeatureSet train, FeatureSet val, long seed,
            CachedLayer source, PrintStream log) {
        // Pretrained convolutions expect the activations they were trained on, so with conv blocks the rows go in
        // raw; standardising them would change what the copied kernels compute.
        boolean conv = o.trainableBlocks() > 0;
        List<Integer> inputShape = conv ? source.shape() : null;
        Standardizer std = conv ? null : Standardizer.fit(train.features());
        float[][] z = conv ? train.features() : std.applyFloat(train.features());
        int d = train.dim();
        int k = train.numClasses();
        boolean hasVal = val != null && val.size() > 0;
        INDArray xVal = hasVal && !conv ? Nd4j.create(std.applyFloat(val.features())) : null;

        MultiLayerNetwork net;
        if (conv) {
            if (o.precision() == dev.frozen.backbone.Precision.BF16) {
                FastFineTune.requireBf16(dev.frozen.backbone.Precision.cpuFlags(), FastFineTune.enabled());
            }
            net = new MultiLayerNetwork(DenseNetworks.network(o, source, k, seed));
            net.init();
            // The reinit control keeps the seeded Glorot-uniform values init() gave the trainable blocks.
            ConvBlocks.load(net, source.block() + 1, source.weights().get(),
                    o.reinit() ? dev.frozen.backbone.Vgg16.BLOCKS + 1 - o.trainableBlocks() : dev.frozen.backbone.Vgg16.BLOCKS + 1);
            if (FastFineTune.enabled()) { // oneDNN blocks; FROZEN_FINETUNE=dl4j keeps the DL4J layers below
                Map<String, Object> params = o.params();
                Trained t = FastFineTune.fit(net, o, train, val, seed, source, log);
                params.put(DenseKind.KEPT_EPOCH, t.keptEpoch());
                return new DenseHead(params, train.classNames(), null, inputShape, net).withEpochLog(t.log());
            }
        } else {
            net = new MultiLayerNetwork(DenseNetworks.network(o, train.dim(), train.numClasses(), seed));
            net.init();
            if (FastFineTune.enabled()) { // the top through oneDNN's sgemm; FROZEN_FINETUNE=dl4j keeps DL4J's fit
                Map<String, Object> params = o.params();
                Trained t = epochs(o, z, train.labels(), k, hasVal, seed, log, nativeSteps(net, d, k, xVal, val));
                params.put(DenseKind.KEPT_EPOCH, t.keptEpoch());
                return new DenseHead(params, train.classNames(), std, null, net).withEpochLog(t.log());
            }
        }
        MultiLayerNetwork model = net; // the anonymous class below needs an effectively final name
        Trained trained = epochs(o, z, train.labels(), k, hasVal, seed, log, new Steps() {
            @Override
            public double step(float[] x, float[] y, int rows) {
                model.fit(new DataSet(Nd4j.create(x, DenseHead.batchShape(rows, d, inputShape), 'c'),
                        Nd4j.create(y, new long[] {rows, k}, 'c')));
                return model.score(); // this batch's mean loss (no L1/L2 terms are configured)
            }

            @Override
            public Scores validate() {
                INDArray probs = conv ? DenseHead.output(model, val.features(), inputShape) : model.output(xVal, false);
                return scores(probs, val.labels());
            }

            @Override
            public INDArray parameters() {
                return model.params().dup();
            }

            @Override
            public void keep(INDArray best) {
                if (best != null) {
                    model.setParams(best);
                }
            }
        });
        Map<String, Object> params = o.params();
        params.put(DenseKind.KEPT_EPOCH, trained.keptEpoch());
        return new DenseHead(params, train.classNames(), std, inputShape, model).withEpochLog(trained.log());
    }

    /**
     * Steps for a dense top over flat rows through {@link NativeTop}: the same layers, Adam, dropout masks and
     * iteration count as DL4J's {@code fit}, with the products on oneDNN's sgemm. Ends with {@code net} holding the
     * kept parameters.
     */
    private static Steps nativeSteps(MultiLayerNetwork net, int d, int k, INDArray xVal, FeatureSet val) {
        NativeTop top = new NativeTop(net, 0, d);
        return new Steps() {
            private int iteration;

            @Override
            public double step(float[] x, float[] y, int rows) {
                INDArray labels = Nd4j.create(y, new long[] {rows, k}, 'c');
                top.forward(Nd4j.create(x, new long[] {rows, d}, 'c'), true, iteration, 0);
                double loss = top.loss(labels);
                top.backward(labels, iteration, 0, false);
                top.update(iteration, 0);
                iteration++;
                return loss;
            }

            @Override
            public Scores validate() {
                return scores(top.forward(xVal, false, iteration, 0), val.labels());
            }

            @Override
            public INDArray parameters() {
                top.writeBack(net);
                return net.params().dup();
            }

            @Override
            public void keep(INDArray best) {
                top.writeBack(net);
                if (best != null) {
                    net.setParams(best);
                }
            }
        };
    }

    /** What one training path does inside the shared epoch loop of {@link #epochs}. */
    interface Steps {
        /**
         * One optimiser step on {@code rows} gathered rows and their one-hot labels; returns the mean cross-entropy
         * of those rows as the step computed it (with dropout, before the update), as Keras reports it.
         */
        double step(float[] x, float[] y, int rows);

        /** Loss and accuracy on the validation rows with the current parameters (no dropout). */
        Scores validate();

        /** A copy of the current parameters. */
        INDArray parameters();

        /** Ends training holding the kept epoch's parameters: {@code best}, or the current ones when it is null. */
        void keep(INDArray best);
    }

    /** Mean cross-entropy and accuracy of some rows. */
    record Scores(double loss, double accuracy) {}

    /** The kept epoch and, per epoch, what it reported ({@link Head#epochLog()}). */
    record Trained(int keptEpoch, List<Map<String, Object>> log) {}

    /**
     * The epoch loop both dense training paths share, so they shuffle, draw dropout masks and keep epochs alike:
     * ND4J's generator and the row shuffle seeded with {@code seed}, {@code o.batch()} rows per step gathered in
     * shuffled order, and with validation rows the first epoch of best validation accuracy kept. Each epoch's
     * training loss is the mean over all its rows (each batch's mean weighted by its rows), not the last batch's.
     */
    static Trained epochs(DenseOptions o, float[][] z, int[] labels, int k, boolean hasVal, long seed, PrintStream log,
            Steps steps) {
        int n = z.length;
        int d = n == 0 ? 0 : z[0].length;
        Nd4j.getRandom().setSeed(seed); // dropout masks draw from ND4J's global generator
        Random shuffle = new Random(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        INDArray best = null;
        double bestAcc = -1;
        int bestEpoch = o.epochs();
        List<Map<String, Object>> history = new java.util.ArrayList<>();
        for (int epoch = 1; epoch <= o.epochs(); epoch++) {
            shuffle(order, shuffle);
            double lossSum = 0;
            String label = String.format(Locale.ROOT, "dense epoch %d/%d", epoch, o.epochs());
            try (Progress bar = new Progress(label, n, "rows", 0, log)) {
                for (int start = 0; start < n; start += o.batch()) {
                    int end = Math.min(n, start + o.batch());
                    // Gathering rows in Java is ~100x faster than INDArray.getRows, which dominated the epoch time.
                    float[] xb = new float[(end - start) * d];
                    float[] yb = new float[(end - start) * k];
                    for (int r = start; r < end; r++) {
                        System.arraycopy(z[order[r]], 0, xb, (r - start) * d, d);
                        yb[(r - start) * k + labels[order[r]]] = 1f;
                    }
                    lossSum += steps.step(xb, yb, end - start) * (end - start);
                    bar.advance(end - start);
                }
            }
            Map<String, Object> figures = new java.util.LinkedHashMap<>();
            figures.put("epoch", epoch);
            figures.put("train_loss", n == 0 ? null : round6(lossSum / n));
            String line = String.format(Locale.ROOT, "dense epoch %d/%d: train loss %.4f", epoch, o.epochs(), lossSum / Math.max(1, n));
            if (hasVal) {
                Scores v = steps.validate();
                figures.put("val_loss", round6(v.loss()));
                figures.put("val_accuracy", v.accuracy());
                line += String.format(Locale.ROOT, ", val loss %.4f, val accuracy %.4f", v.loss(), v.accuracy());
                if (v.accuracy() > bestAcc) {
                    bestAcc = v.accuracy();
                    bestEpoch = epoch;
                    best = steps.parameters();
                }
            }
            history.add(figures);
            log.println(line);
        }
        steps.keep(best);
        return new Trained(bestEpoch, history);
    }

    /** Mean cross-entropy (probabilities clipped at 1e-10, as DL4J's loss) and accuracy of {@code probs} against {@code truth}. */
    static Scores scores(INDArray probs, int[] truth) {
        double[][] p = probs.castTo(DataType.DOUBLE).toDoubleMatrix();
        double loss = 0;
        int ok = 0;
        for (int i = 0; i < p.length; i++) {
            loss -= Math.log(Math.max(p[i][truth[i]], 1e-10));
            if (Head.argMax(p[i]) == truth[i]) {
                ok++;
            }
        }
        return p.length == 0 ? new Scores(0, 0) : new Scores(loss / p.length, (double) ok / p.length);
    }

    private static Double round6(double v) {
        return Double.isFinite(v) ? Math.round(v * 1e6) / 1e6 : null;
    }

    static int[] argMaxRows(INDArray probs) {
        double[][] p = probs.castTo(DataType.DOUBLE).toDoubleMatrix();
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = Head.argMax(p[i]);
        }
        return out;
    }

    static double accuracy(int[] pred, int[] truth) {
        int ok = 0;
        for (int i = 0; i < pred.length; i++) {
            if (pred[i] == truth[i]) {
                ok++;
            }
        }
        return pred.length == 0 ? 0 : (double) ok / pred.length;
    }

    static void shuffle(int[] a, Random r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
