package dev.frozen.heads;

import dev.frozen.InvalidOption;
import dev.frozen.backbone.Precision;
import dev.frozen.training.NativeTop;
import dev.frozen.training.OneDnnBlocks;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The fast training path for {@code --trainable-blocks K > 0}: the convolution blocks run in oneDNN
 * ({@link OneDnnBlocks}), the dense top (with DL4J's own dropout) through oneDNN's sgemm ({@link NativeTop}), and
 * every parameter is updated by DL4J's own Adam with the same iteration count. It starts from, and
 * writes back into, the same full {@link MultiLayerNetwork} the DL4J path trains, so saving, loading and
 * prediction are unchanged. One instance per training run; not thread-safe.
 */
final class FastFineTune implements AutoCloseable {
    /** Environment variable choosing the path: {@code dl4j} forces the DL4J layers, anything else the fast path. */
    static final String ENV = "FROZEN_FINETUNE";

    private final MultiLayerNetwork full;
    private final NativeTop top;
    private final OneDnnBlocks blocks;
    private final int convLayers; // DL4J layers of the conv blocks (convolutions and poolings)
    private final List<INDArray[]> convParams = new ArrayList<>(); // [parameter, gradient]
    private final List<AdamUpdater> adams = new ArrayList<>();
    /** The epoch handed to Adam and dropout: neither has a schedule here, and DL4J's own top never counted them. */
    private static final int EPOCH = 0;
    private int iteration; // Adam's step count, as DL4J's network counts it

    /** True unless {@code FROZEN_FINETUNE=dl4j} (or the system property {@code frozen.finetune=dl4j}). */
    static boolean enabled() {
        String env = System.getProperty("frozen.finetune", System.getenv(ENV));
        return env == null || !env.trim().equalsIgnoreCase("dl4j");
    }

    /**
     * @param full the network built by {@link DenseNetworks#network(DenseOptions, CachedLayer, int, long)}, initialised,
     *     with the VGG16 kernels loaded
     * @param firstBlock the block just above the cached layer
     * @param trainableBlocks K
     * @param shape the cached layer's [h, w, c]
     */
    FastFineTune(MultiLayerNetwork full, int firstBlock, int trainableBlocks, List<Integer> shape) {
        this(full, firstBlock, trainableBlocks, shape, OneDnnBlocks.winogradByDefault());
    }

    /** The same, choosing whether the trainable convolutions may use Winograd ({@link OneDnnBlocks}). */
    FastFineTune(MultiLayerNetwork full, int firstBlock, int trainableBlocks, List<Integer> shape,
            boolean winograd) {
        this(full, firstBlock, trainableBlocks, shape, winograd, Precision.FP32);
    }

    /** The same in {@code precision} (the convolutions' arithmetic; the top, Adam and the loss stay fp32). */
    FastFineTune(MultiLayerNetwork full, int firstBlock, int trainableBlocks, List<Integer> shape,
            boolean winograd, Precision precision) {
        this.full = full;
        this.convLayers = ConvBlocks.layerCount(firstBlock);
        List<float[]> kernels = new ArrayList<>();
        List<float[]> biases = new ArrayList<>();
        for (int i = 0; i < convLayers; i++) {
            if (full.getLayer(i).numParams() > 0) {
                kernels.add(full.getLayer(i).getParam("W").dup('c').data().asFloat());
                biases.add(full.getLayer(i).getParam("b").dup('c').data().asFloat());
            }
        }
        blocks = new OneDnnBlocks(firstBlock, dev.frozen.backbone.Vgg16.BLOCKS + 1 - trainableBlocks, shape.get(0),
                kernels, biases, winograd, precision);
        for (INDArray[] pg : blocks.parametersAndGradients()) {
            convParams.add(pg);
            adams.add(NativeTop.adam(updaterOfConv(), pg[0].length()));
        }
        top = new NativeTop(full, convLayers, blocks.outputDim()); // the top's layers follow the conv blocks'
    }

    /** The Adam configuration of the first trainable convolution (DenseHead sets one updater for all layers). */
    private IUpdater updaterOfConv() {
        for (int i = convLayers - 1; i >= 0; i--) {
            org.deeplearning4j.nn.conf.layers.Layer l = full.getLayerWiseConfigurations().getConf(i).getLayer();
            if (l instanceof org.deeplearning4j.nn.conf.layers.BaseLayer bl && bl.getIUpdater() != null) {
                return bl.getIUpdater(); // NativeTop.adam checks that it is Adam and copies it
            }
        }
        throw new IllegalStateException("no trainable convolution layer found");
    }

    /**
     * One training step on {@code n} NHWC rows with one-hot labels, as {@code MultiLayerNetwork.fit(DataSet)} does
     * it: the gradient of the mean cross-entropy, then Adam on every trainable parameter at the top network's
     * iteration count.
     */
    double step(float[] x, float[] y, int n, int classes) {
        double loss = gradients(x, y, n, classes);
        top.update(iteration, EPOCH);
        for (int i = 0; i < convParams.size(); i++) {
            NativeTop.step(adams.get(i), convParams.get(i)[0], convParams.get(i)[1], iteration, EPOCH);
        }
        iteration++;
        return loss;
    }

    /**
     * Forward and backward without updating: leaves the gradients of the mean loss in {@link #blocks()} (the
     * convolutions) and {@link #top()}; returns the rows' mean cross-entropy before the update.
     */
    double gradients(float[] x, float[] y, int n, int classes) {
        float[] features = blocks.forward(x, n);
        INDArray f = Nd4j.create(features, new long[] {n, blocks.outputDim()}, 'c');
        INDArray labels = Nd4j.create(y, new long[] {n, classes}, 'c');
        top.forward(f, true, iteration, EPOCH);
        double loss = top.loss(labels);
        INDArray eps = top.backward(labels, iteration, EPOCH, true);
        blocks.backward(eps.data().asFloat(), n);
        return loss;
    }

    /** Class probabilities for NHWC rows, {@code chunk} rows per oneDNN pass (no dropout). */
    INDArray output(float[][] rows, int chunk) {
        return DenseHead.inChunks(rows, chunk, (xb, n) -> top.forward(
                Nd4j.create(blocks.forward(xb, n), new long[] {n, blocks.outputDim()}, 'c'), false, iteration, EPOCH));
    }

    /** Copies the trained parameters into the full network (convolutions in DL4J's [out, in, kh, kw] layout). */
    void writeBack() {
        int conv = 0;
        for (int i = 0; i < convLayers; i++) {
            if (full.getLayer(i).numParams() == 0) {
                continue;
            }
            if (blocks.trainable(conv)) {
                INDArray wParam = full.getLayer(i).getParam("W");
                wParam.assign(Nd4j.create(blocks.kernel(conv), wParam.shape(), 'c'));
                INDArray bParam = full.getLayer(i).getParam("b");
                bParam.assign(Nd4j.create(blocks.bias(conv), bParam.shape(), 'c'));
            }
            conv++;
        }
        top.writeBack(full);
    }

    /**
     * Trains {@code full} (built and loaded as the DL4J path does) for {@code o.epochs()} epochs with the same
     * shuffling, dropout generator and best-epoch rule as {@link DenseHead}; returns the kept epoch and the epoch
     * log. The network ends holding the kept parameters.
     */
    static DenseTrainer.Trained fit(MultiLayerNetwork full, DenseOptions o, dev.frozen.features.FeatureSet train,
            dev.frozen.features.FeatureSet val, long seed, CachedLayer source, java.io.PrintStream log) {
        int k = train.numClasses();
        boolean hasVal = val != null && val.size() > 0;
        try (FastFineTune ft = new FastFineTune(full, source.block() + 1, o.trainableBlocks(), source.shape(),
                OneDnnBlocks.winogradByDefault(), o.precision())) {
            return DenseTrainer.epochs(o, train.features(), train.labels(), k, hasVal, seed, log,
                    new DenseTrainer.Steps() {
                        @Override
                        public double step(float[] x, float[] y, int rows) {
                            return ft.step(x, y, rows, k);
                        }

                        @Override
                        public DenseTrainer.Scores validate() {
                            return DenseTrainer.scores(ft.output(val.features(), o.batch()), val.labels());
                        }

                        @Override
                        public INDArray parameters() {
                            ft.writeBack(); // the oneDNN kernels into the DL4J network, whose parameters are kept
                            return full.params().dup();
                        }

                        @Override
                        public void keep(INDArray best) {
                            ft.writeBack();
                            if (best != null) {
                                full.setParams(best);
                            }
                        }
                    });
        }
    }

    /**
     * Refuses bf16 fine-tuning on a CPU whose {@code cpuFlags} (the flags line of /proc/cpuinfo) name no native bf16
     * instructions, and on the DL4J path ({@code FROZEN_FINETUNE=dl4j}), whose layers train in fp32 only.
     */
    static void requireBf16(String cpuFlags, boolean onednnPath) {
        if (!Precision.nativeBf16(cpuFlags)) {
            throw new InvalidOption("precision", " bf16: expected a CPU with native bf16 instructions (AVX512_BF16 or "
                    + "AMX_BF16) to fine-tune in bf16, found neither in /proc/cpuinfo; use fp32");
        }
        if (!onednnPath) {
            throw new InvalidOption("precision", " bf16: expected the oneDNN fine-tuning path, found FROZEN_FINETUNE=dl4j "
                    + "(DL4J's layers train in fp32 only); unset it or use fp32");
        }
    }

    OneDnnBlocks blocks() {
        return blocks;
    }

    NativeTop top() {
        return top;
    }

    @Override
    public void close() {
        blocks.close();
    }
}
